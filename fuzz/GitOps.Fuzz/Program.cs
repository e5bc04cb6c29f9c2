using GitOps.Fuzz;
using SharpFuzz;

// gitops-fuzz TARGET              run TARGET under afl-fuzz (SharpFuzz's persistent loop)
// gitops-fuzz TARGET DIR|FILE...  run TARGET once on each file (a corpus smoke, or replaying a finding)
if (args.Length == 0 || !FuzzTargets.All.TryGetValue(args[0], out var target))
{
    await Console.Error.WriteLineAsync($"usage: GitOps.Fuzz TARGET [DIR|FILE...]; targets: {string.Join(", ", FuzzTargets.All.Keys)}").ConfigureAwait(false);
    return 2;
}

if (args.Length == 1)
{
    Fuzzer.Run(stream =>
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        FuzzTargets.Run(target, buffer.ToArray());
    });
    return 0;
}

// Replay with an uninstrumented build (dotnet run --project fuzz/GitOps.Fuzz -- TARGET FILE): the instrumented
// assemblies in fuzz/out/bin write coverage into AFL's shared memory and fail without it.
var files = args.Skip(1).SelectMany(path => Directory.Exists(path) ? Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories) : [path])
    .Where(file => Path.GetFileName(file) != "README.txt").Order(StringComparer.Ordinal).ToList();
var findings = 0;
foreach (var file in files)
{
    try
    {
        FuzzTargets.Run(target, await File.ReadAllBytesAsync(file).ConfigureAwait(false));
    }
#pragma warning disable CA1031 // Every other exception is a finding, reported and counted.
    catch (Exception ex)
#pragma warning restore CA1031
    {
        findings++;
        Console.WriteLine($"{file}: {ex.GetType().Name}: {ex.Message.ReplaceLineEndings(" ")}");
        Console.WriteLine($"  {ex.StackTrace?.Split('\n').FirstOrDefault(line => line.Contains("GitOps.", StringComparison.Ordinal) && !line.Contains("GitOps.Fuzz", StringComparison.Ordinal))?.Trim()}");
    }
}

Console.WriteLine($"{files.Count} inputs, {findings} findings");
return findings == 0 ? 0 : 1;
