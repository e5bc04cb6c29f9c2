using GitOps.Testing;

namespace GitOps.Oci.Tests.Support;

/// <summary>A small Kubernetes-config directory to push.</summary>
internal static class SampleContent
{
    public static TemporaryDirectory Create(string marker = "v1")
    {
        var directory = new TemporaryDirectory();
        directory.WriteFile("app/deployment.yaml", $"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: podinfo\n  labels:\n    release: {marker}\n");
        directory.WriteFile("app/kustomization.yaml", "resources:\n- deployment.yaml\n");
        directory.WriteFile("README.md", "sample\n");
        directory.WriteFile("secret.env", "TOKEN=x\n");
        directory.WriteFile(".sourceignore", "*.env\n");
        return directory;
    }

    /// <summary>The relative paths and contents of every file under <paramref name="root"/>.</summary>
    public static IReadOnlyDictionary<string, string> Files(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f).Replace('\\', '/'), File.ReadAllText, StringComparer.Ordinal);

    /// <summary>The names in <paramref name="directory"/>'s parent that start with <paramref name="directory"/>'s name (staging leftovers show up here).</summary>
    public static string[] Siblings(string directory)
    {
        var parent = Path.GetDirectoryName(Path.GetFullPath(directory))!;
        return Directory.Exists(parent)
            ? [.. Directory.EnumerateFileSystemEntries(parent).Select(Path.GetFileName).Where(n => n!.Contains(Path.GetFileName(directory), StringComparison.Ordinal)).Select(n => n!)]
            : [];
    }
}
