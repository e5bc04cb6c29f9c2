using System.CommandLine;
using System.Text;
using GitOps.Ssa.FieldPaths;
using GitOps.Ssa.Merge;
using GitOps.Ssa.Schema;
using GitOps.Ssa.Typed;
using GitOps.Ssa.Values;

namespace GitOps.Cli.Commands;

/// <summary>
/// <c>gitops ssa batch</c>: runs JSON-lines cases in the input format of the <c>ssa-ref</c> reference
/// program (bare structured merge: type, live, managers, ops) and prints one result line per case in its
/// output format, so both can be timed and compared side by side.
/// </summary>
internal static class SsaBatchCommand
{
    public static Command Create()
    {
        var input = new Argument<FileInfo?>("CASES") { Description = "JSON-lines cases (default: standard input).", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("batch", "Run ssa-ref style JSON-lines cases through the engine (for side-by-side comparison).") { input };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, async output =>
        {
            var file = parseResult.GetValue(input);
            using var reader = file is null ? new StreamReader(Console.OpenStandardInput()) : new StreamReader(file.FullName);
            var schema = SsaSchema.Kubernetes;
            var updater = new Updater();
            var sb = new StringBuilder();
            string? line;
            while ((line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false)) is not null)
            {
                if (line.Length == 0)
                {
                    continue;
                }

                sb.Clear();
                RunCase(SsaValue.ParseJson(line), schema, updater, sb);
                await output.WriteLineAsync(sb, cancellationToken).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static SsaValue? Field(SsaValue v, string key) => v.IsMap && v.AsMap.TryGetValue(key, out var r) ? r : null;

    private static void RunCase(SsaValue c, SsaSchema baseSchema, Updater updater, StringBuilder sb)
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
        var live = TypedValue.Create(Field(c, "live") ?? SsaValue.Null, schema, typeRef, allowDuplicates: true);
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
                    var cfg = TypedValue.Create(Field(o, "object") ?? SsaValue.Null, schema, typeRef);
                    var result = updater.Apply(live, cfg, v, managers, manager, opName == "forceApply");
                    if (result.NewObject is null)
                    {
                        step.Append(",\"noop\":true");
                    }
                    else
                    {
                        live = result.NewObject;
                    }

                    managers = new Dictionary<string, VersionedFieldSet>(result.Managers, StringComparer.Ordinal);
                }
                else if (opName == "update")
                {
                    var obj = TypedValue.Create(Field(o, "object") ?? SsaValue.Null, schema, typeRef, allowDuplicates: true);
                    var result = updater.Update(live, obj, v, managers, manager);
                    live = result.NewObject!;
                    managers = new Dictionary<string, VersionedFieldSet>(result.Managers, StringComparer.Ordinal);
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

        sb.Append("{\"id\":").Append((Field(c, "id") ?? SsaValue.FromString(string.Empty)).ToJson())
          .Append(",\"library\":\"gitops-dotnet\",\"steps\":[").AppendJoin(',', steps).Append("],\"object\":")
          .Append(live.Value.ToJson()).Append(",\"managers\":{");
        var first = true;
        foreach (var (name, m) in managers.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            sb.Append(first ? string.Empty : ",").Append(SsaValue.FromString(name).ToJson())
              .Append(":{\"apiVersion\":").Append(SsaValue.FromString(m.ApiVersion).ToJson())
              .Append(",\"applied\":").Append(m.Applied ? "true" : "false")
              .Append(",\"fieldsV1\":").Append(m.Set.ToFieldsV1Json()).Append('}');
            first = false;
        }

        sb.Append("}}");
    }
}
