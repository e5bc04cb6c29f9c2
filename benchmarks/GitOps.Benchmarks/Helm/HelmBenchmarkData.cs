using System.IO.Compression;

namespace GitOps.Benchmarks.Helm;

/// <summary>Finds the real Helm indexes in ../shared/conformance/helm/indexes (or GITOPS_SHARED_DIR) and decompresses them once.</summary>
internal static class HelmBenchmarkData
{
    public static byte[] Index(string name)
    {
        var shared = Environment.GetEnvironmentVariable("GITOPS_SHARED_DIR");
        if (string.IsNullOrEmpty(shared))
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "GitOps.slnx")))
            {
                dir = dir.Parent;
            }

            shared = Path.Combine(dir?.FullName ?? ".", "..", "shared");
        }

        var path = Path.Combine(shared, "conformance", "helm", "indexes", name);
        if (File.Exists(path))
        {
            return File.ReadAllBytes(path);
        }

        using var gz = new GZipStream(File.OpenRead(path + ".gz"), CompressionMode.Decompress);
        using var copy = new MemoryStream();
        gz.CopyTo(copy);
        return copy.ToArray();
    }
}
