using GitOps.Testing;

namespace GitOps.Core.Tests.Artifacts.Extraction;

/// <summary>
/// A destination that already holds a tree, deep inside a temporary directory, so that a test can check
/// afterwards that nothing escaped, nothing half-written remains and the destination was not touched.
/// </summary>
public sealed class ExtractionScene : IDisposable
{
    private readonly TemporaryDirectory _root = new();

    public ExtractionScene()
    {
        Destination = _root.Combine("p", "q", "dest");
        _root.WriteFile(Path.Combine("p", "q", "dest", "existing.txt"), "before");
        _root.WriteFile(Path.Combine("p", "q", "dest", "sub", "kept.yaml"), "kind: Kept");

        // An earlier fetch's tree (the marker a fetch leaves beside it): fetches may replace it without Overwrite.
        _root.WriteFile(Path.Combine("p", "q", MarkerName), "sha256:0\n");
    }

    /// <summary>The file a fetch leaves beside the destination it made.</summary>
    public const string MarkerName = ".dest.gitops-artifact";

    /// <summary>The destination directory, holding <c>existing.txt</c> and <c>sub/kept.yaml</c>.</summary>
    public string Destination { get; }

    /// <summary>Every file and directory under the scene's root, relative, sorted.</summary>
    public IReadOnlyList<string> Tree() => Directory.EnumerateFileSystemEntries(_root.Path, "*", SearchOption.AllDirectories)
        .Select(p => Path.GetRelativePath(_root.Path, p).Replace('\\', '/'))
        .Order(StringComparer.Ordinal)
        .ToList();

    /// <summary>Asserts that the scene is exactly as created: no escapes, no staging, destination unchanged.</summary>
    public void AssertUntouched()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Tree(), Is.EqualTo(new[] { "p", "p/q", "p/q/" + MarkerName, "p/q/dest", "p/q/dest/existing.txt", "p/q/dest/sub", "p/q/dest/sub/kept.yaml" }));
            Assert.That(File.ReadAllText(Path.Combine(Destination, "existing.txt")), Is.EqualTo("before"));
            Assert.That(File.ReadAllText(Path.Combine(Destination, "sub", "kept.yaml")), Is.EqualTo("kind: Kept"));
            Assert.That(Directory.Exists(HostileArchives.AbsoluteTarget), Is.False, "an absolute path escaped");
        });
    }

    /// <summary>Asserts that no staging or set-aside directory is left beside the destination (only it and its marker).</summary>
    public void AssertNoStagingLeft() =>
        Assert.That(Directory.GetFileSystemEntries(Path.GetDirectoryName(Destination)!).Order(StringComparer.Ordinal), Is.EqualTo(new[] { Path.Combine(Path.GetDirectoryName(Destination)!, MarkerName), Destination }));

    public void Dispose() => _root.Dispose();
}
