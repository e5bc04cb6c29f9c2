using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Text;
using GitOps.Ssa.FieldPaths;
using GitOps.Ssa.Merge;
using GitOps.Ssa.Schema;
using GitOps.Ssa.Values;

namespace GitOps.Cli.Commands;

/// <summary>
/// <c>gitops ssa batch</c>: runs JSON-lines cases in the input format of the <c>ssa-ref</c> reference
/// program (bare structured merge: type, live, managers, ops) and prints one result line per case in its
/// output format, so both can be timed and compared side by side. Cases are independent: they are read in
/// chunks, parsed, run and written on all cores, and printed in input order.
/// </summary>
internal static class SsaBatchCommand
{
    private const int ChunkSize = 128;

    public static Command Create()
    {
        var input = new Argument<FileInfo?>("CASES") { Description = "JSON-lines cases (default: standard input).", Arity = ArgumentArity.ZeroOrOne };
        var jobs = NumberOption.Create("--jobs", "Cases run at once, 1 to 1024 (default: the number of processors).", Environment.ProcessorCount, 1, 1024);
        var stats = new Option<bool>("--stats") { Description = "Print the time spent parsing, in the engine and writing results to standard error." };
        var command = new Command("batch", "Run ssa-ref style JSON-lines cases through the engine (for side-by-side comparison).") { input, jobs, stats };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, async output =>
        {
            var file = parseResult.GetValue(input);
            var parallelism = Math.Max(1, parseResult.GetValue(jobs));
            var timings = new Timings();
            using var stream = file is null ? new StreamReader(Console.OpenStandardInput()) : new StreamReader(file.FullName);
            var reader = new BoundedLineReader(stream);
            var schema = SsaSchema.Kubernetes;
            var options = new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken };
            var lines = new List<string>(ChunkSize);
            var texts = new string[ChunkSize];
            var failures = new ExceptionDispatchInfo?[ChunkSize];
            var total = Stopwatch.StartNew();
            var cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
            var count = 0;
            while (true)
            {
                lines.Clear();
                string? line;
                while (lines.Count < ChunkSize && (line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false)) is not null)
                {
                    if (line.Length > 0)
                    {
                        lines.Add(line);
                    }
                }

                if (lines.Count == 0)
                {
                    break;
                }

                // Each case goes from text to text on one thread, so its values die young; only the results wait.
                var n = lines.Count;
                var firstCase = count + 1;
                count += n;
                if (parallelism == 1)
                {
                    for (var i = 0; i < n; i++)
                    {
                        texts[i] = RunLine(lines[i], firstCase + i, schema, timings);
                    }
                }
                else
                {
                    // Every case of the chunk runs; then the lowest-numbered failure is reported alone, as the
                    // sequential path reports it, whichever thread finished first.
                    Array.Clear(failures);
                    Parallel.For(0, n, options, i =>
                    {
                        try
                        {
                            texts[i] = RunLine(lines[i], firstCase + i, schema, timings);
                        }
                        catch (Exception e) when (e is not OperationCanceledException)
                        {
                            failures[i] = ExceptionDispatchInfo.Capture(e);
                        }
                    });
                    Array.Find(failures, f => f is not null)?.Throw();
                }

                for (var i = 0; i < n; i++)
                {
                    await output.WriteLineAsync(texts[i].AsMemory(), cancellationToken).ConfigureAwait(false);
                    texts[i] = null!;
                }
            }

            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (parseResult.GetValue(stats))
            {
                var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuStart;
                var error = parseResult.InvocationConfiguration.Error;
                await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"cases={count} operations={timings.Operations} jobs={parallelism} parse={timings.Parse.TotalSeconds:F3}s engine={timings.Engine.TotalSeconds:F3}s write={timings.Write.TotalSeconds:F3}s total={total.Elapsed.TotalSeconds:F3}s cpu={cpu.TotalSeconds:F3}s")).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static string RunLine(string line, int number, SsaSchema schema, Timings timings)
    {
        var start = Stopwatch.GetTimestamp();
        SsaValue c;
        CaseResult result;
        long parsed;
        try
        {
            c = SsaValue.ParseJson(line);
            parsed = Stopwatch.GetTimestamp();
            result = RunCase(c, schema);
        }
        catch (GitOpsException e)
        {
            throw new SsaFormatException($"case {number}: {e.Message}", e);
        }

        var ran = Stopwatch.GetTimestamp();
        var text = Write(c, result);
        var written = Stopwatch.GetTimestamp();
        timings.Add(parsed - start, ran - parsed, written - ran, result.Steps.Count);
        return text;
    }

    private static SsaValue? Field(SsaValue v, string key) => v.IsMap && v.AsMap.TryGetValue(key, out var r) ? r : null;

    private static CaseResult RunCase(SsaValue c, SsaSchema baseSchema)
    {
        var type = Field(c, "type")?.ToString() ?? string.Empty;
        var schema = type == "__deduced" ? SsaSchema.Deduced : baseSchema;
        var typeRef = SsaSchema.Named(type == "__deduced" ? SsaSchema.DeducedTypeName : type);
        var version = Field(c, "apiVersion")?.ToString() ?? "v1";
        var managers = new Dictionary<string, VersionedFieldSet>(StringComparer.Ordinal);
        if (Field(c, "managers") is { IsMap: true } ms)
        {
            foreach (var (name, m) in ms.AsMap.Entries)
            {
                var applied = Field(m, "applied") is { Kind: SsaValueKind.Boolean } a && a.AsBoolean;
                var fields = Field(m, "fieldsV1") is { } f ? FieldSet.FromFieldsV1Json(f.ToJson()) : new FieldSet();
                managers[name] = new VersionedFieldSet(fields, Field(m, "apiVersion")?.ToString() ?? version, applied);
            }
        }

        var steps = new List<string>();
        var live = ManagedObject.Create(Field(c, "live") ?? SsaValue.Null, schema, typeRef, managers);
        var ops = Field(c, "ops") is { IsList: true } list ? list.AsList.ToList() : [];
        if (ops.Count == 0 && Field(c, "config") is { } config)
        {
            var op = Field(c, "op")?.ToString() ?? "apply";
            if (Field(c, "force") is { Kind: SsaValueKind.Boolean } force && force.AsBoolean && op == "apply")
            {
                op = "forceApply";
            }

            ops.Add(SsaValue.FromMap([new("op", SsaValue.FromString(op)), new("manager", Field(c, "manager") ?? SsaValue.FromString(string.Empty)), new("object", config)]));
        }

        foreach (var o in ops)
        {
            var opName = Field(o, "op")?.ToString() ?? string.Empty;
            var manager = Field(o, "manager")?.ToString() ?? string.Empty;
            var v = Field(o, "apiVersion")?.ToString() ?? version;
            var step = new StringBuilder("{\"op\":").Append(SsaValue.FromString(opName).ToJson()).Append(",\"manager\":").Append(SsaValue.FromString(manager).ToJson());
            try
            {
                if (opName is "apply" or "forceApply")
                {
                    live = live.Apply(Field(o, "object") ?? SsaValue.Null, v, manager, opName == "forceApply");
                    if (!live.Changed)
                    {
                        step.Append(",\"noop\":true");
                    }
                }
                else if (opName == "update")
                {
                    live = live.Update(Field(o, "object") ?? SsaValue.Null, v, manager);
                }
                else
                {
                    step.Append(",\"error\":").Append(SsaValue.FromString("unknown op " + opName).ToJson());
                }
            }
            catch (SsaConflictException e)
            {
                var conflicts = e.Conflicts.Select(x => (x.Manager, Path: x.Path.ToString()))
                    .OrderBy(x => x.Manager, StringComparer.Ordinal).ThenBy(x => x.Path, StringComparer.Ordinal)
                    .Select(x => "{\"manager\":" + SsaValue.FromString(x.Manager).ToJson() + ",\"path\":" + SsaValue.FromString(x.Path).ToJson() + "}");
                step.Append(",\"conflicts\":[").AppendJoin(',', conflicts).Append(']');
            }
            catch (GitOpsException e)
            {
                step.Append(",\"error\":").Append(SsaValue.FromString(e.Message).ToJson());
            }

            steps.Add(step.Append('}').ToString());
        }

        return new CaseResult(steps, live);
    }

    [ThreadStatic]
    private static StringBuilder? t_writer;

    private static string Write(SsaValue c, CaseResult r)
    {
        var sb = t_writer ??= new StringBuilder(16 * 1024);
        sb.Clear();
        sb.Append("{\"id\":").Append((Field(c, "id") ?? SsaValue.FromString(string.Empty)).ToJson())
          .Append(",\"library\":\"gitops-dotnet\",\"steps\":[").AppendJoin(',', r.Steps).Append("],\"object\":")
          .Append(r.Live.Value.ToJson()).Append(",\"managers\":{");
        var first = true;
        foreach (var (name, m) in r.Live.Managers.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            sb.Append(first ? string.Empty : ",").Append(SsaValue.FromString(name).ToJson())
              .Append(":{\"apiVersion\":").Append(SsaValue.FromString(m.ApiVersion).ToJson())
              .Append(",\"applied\":").Append(m.Applied ? "true" : "false")
              .Append(",\"fieldsV1\":").Append(m.Set.ToFieldsV1Json()).Append('}');
            first = false;
        }

        return sb.Append("}}").ToString();
    }

    private sealed record CaseResult(List<string> Steps, ManagedObject Live);

    // Per-phase time summed over all cases (CPU-like: with several jobs the sums exceed the wall time).
    private sealed class Timings
    {
        private long _parse;
        private long _engine;
        private long _write;
        private long _operations;

        public TimeSpan Parse => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _parse));

        public TimeSpan Engine => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _engine));

        public TimeSpan Write => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _write));

        public long Operations => Interlocked.Read(ref _operations);

        public void Add(long parse, long engine, long write, int operations)
        {
            Interlocked.Add(ref _parse, parse);
            Interlocked.Add(ref _engine, engine);
            Interlocked.Add(ref _write, write);
            Interlocked.Add(ref _operations, operations);
        }
    }
}
