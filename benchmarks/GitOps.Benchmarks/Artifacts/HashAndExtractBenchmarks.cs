using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using GitOps.Artifacts;
using GitOps.Artifacts.Extraction;
using GitOps.Artifacts.Extraction.Internal;
using GitOps.Artifacts.Fetch.Internal;
using GitOps.Artifacts.Packaging;

namespace GitOps.Benchmarks.Artifacts;

/// <summary>
/// The fetcher's pipeline from memory, without the network: the artifact's bytes through SHA-256, then
/// gunzip, then the tar reader writing files, against a plain SHA-256 of the same bytes (the baseline).
/// The artifact is a packed tree of Kubernetes-like YAML of <see cref="MiB"/> MiB (about 2 KiB a file),
/// extracted to /dev/shm where it exists.
/// </summary>
public class HashAndExtractBenchmarks
{
    private byte[] _artifact = [];
    private string _root = string.Empty;
    private string _target = string.Empty;
    private int _iteration;

    [Params(4, 16)]
    public int MiB { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // Extract to memory (tmpfs) where there is one: the benchmark is about the pipeline, not the disk.
        var parent = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        _root = Directory.CreateDirectory(Path.Combine(parent, "gitops-bench-" + Guid.NewGuid().ToString("N"))).FullName;
        var tree = Path.Combine(_root, "tree");
        WriteYamlTree(tree, MiB * 1024L * 1024);
        using var output = new MemoryStream();
        new ArtifactPackager().PackToStreamAsync(tree, output).GetAwaiter().GetResult();
        _artifact = output.ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_root, recursive: true);

    [IterationSetup(Targets = [nameof(HashGunzipAndExtract)])]
    public void NewTarget() => _target = Path.Combine(_root, "out-" + _iteration++);

    [IterationCleanup(Targets = [nameof(HashGunzipAndExtract)])]
    public void DeleteTarget() => Directory.Delete(_target, recursive: true);

    [Benchmark(Baseline = true)]
    public byte[] Sha256() => SHA256.HashData(_artifact);

    [Benchmark]
    public async Task<Digest> HashAndGunzip()
    {
        using var verifying = Open();
        var gzip = new GZipStream(verifying, CompressionMode.Decompress, leaveOpen: true);
        await using (gzip.ConfigureAwait(false))
        {
            await gzip.CopyToAsync(Stream.Null).ConfigureAwait(false);
        }

        await verifying.DrainAsync(default).ConfigureAwait(false);
        return verifying.GetDigest();
    }

    /// <summary>As <see cref="HashAndGunzip"/>, through the gzip framing check the fetcher uses (CRC-32, trailers, members).</summary>
    [Benchmark]
    public async Task<Digest> HashAndGunzipChecked()
    {
        using var verifying = Open();
        var gzip = new GzipReadStream(verifying);
        await using (gzip.ConfigureAwait(false))
        {
            await gzip.CopyToAsync(Stream.Null).ConfigureAwait(false);
        }

        await verifying.DrainAsync(default).ConfigureAwait(false);
        return verifying.GetDigest();
    }

    [Benchmark]
    public async Task<Digest> HashGunzipAndExtract()
    {
        using var verifying = Open();
        Directory.CreateDirectory(_target);
        var gzip = new GzipReadStream(verifying);
        await using (gzip.ConfigureAwait(false))
        {
            await TarExtractor.ExtractAsync(gzip, _target, new ExtractionOptions { MaxExtractedBytes = 1L << 40 }, default).ConfigureAwait(false);
        }

        await verifying.DrainAsync(default).ConfigureAwait(false);
        return verifying.GetDigest();
    }

    private VerifyingReadStream Open() =>
        new(new MemoryStream(_artifact, writable: false), DigestAlgorithm.Sha256, long.MaxValue, _artifact.Length, progress: null, attempt: 1);

    /// <summary>Deterministic Kubernetes-like YAML, about 2 KiB a file, four files a folder.</summary>
    private static void WriteYamlTree(string root, long bytes)
    {
        var random = new Random(42);
        string[] words = ["alpha", "beta", "gamma", "api", "web", "worker", "cache", "queue", "auth", "billing", "search", "ingest"];
        long written = 0;
        for (var app = 0; written < bytes; app++)
        {
            var folder = Path.Combine(root, $"ns-{app / 40:D3}", $"app-{app:D5}");
            Directory.CreateDirectory(folder);
            foreach (var kind in new[] { "deployment", "configmap", "service", "kustomization" })
            {
                var text = new StringBuilder();
                text.Append("apiVersion: v1\nkind: ").Append(kind).Append("\nmetadata:\n  name: app-").Append(app).Append('\n');
                for (var i = random.Next(10, 60); i > 0; i--)
                {
                    text.Append("  ").Append(words[random.Next(words.Length)]).Append('_').Append(i).Append(": ")
                        .Append(words[random.Next(words.Length)]).Append('-').Append(random.Next(1000)).Append('\n');
                }

                var data = Encoding.UTF8.GetBytes(text.ToString());
                File.WriteAllBytes(Path.Combine(folder, kind + ".yaml"), data);
                written += data.Length;
            }
        }
    }
}
