using GitOps.Artifacts;

namespace GitOps.Cli.Demo;

/// <summary>What the demo steps share: where they work, where they print, and what earlier steps made.</summary>
internal sealed class DemoContext(DirectoryInfo workDirectory, TextWriter output)
{
    /// <summary>The directory every step works in.</summary>
    public DirectoryInfo WorkDirectory { get; } = workDirectory;

    /// <summary>Where steps print what they did.</summary>
    public TextWriter Output { get; } = output;

    /// <summary>The sample application's root (with <c>base/</c> and <c>overlays/</c>), once written out.</summary>
    public DirectoryInfo? SampleApp { get; set; }

    /// <summary>The sample app packed as an artifact (its tar.gz path, digest and size), once packed.</summary>
    public Artifact? SampleArtifact { get; set; }

    /// <summary>The sample app as fetched back over HTTP, verified and extracted, once fetched.</summary>
    public DirectoryInfo? FetchedApp { get; set; }

    /// <summary>The YAML the kustomize step built, by overlay path (e.g. <c>overlays/production</c>).</summary>
    public Dictionary<string, string> BuiltOverlays { get; } = new(StringComparer.Ordinal);

    /// <summary>The kustomize step's build results, by overlay path: the objects themselves, handed on in memory.</summary>
    public Dictionary<string, GitOps.Kustomize.KustomizeBuildResult> BuildResults { get; } = new(StringComparer.Ordinal);

    /// <summary>Prints one indented line of a step's report.</summary>
    public Task ReportAsync(string line) => Output.WriteLineAsync("  " + line);
}
