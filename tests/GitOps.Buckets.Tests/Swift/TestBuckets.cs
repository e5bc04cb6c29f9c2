using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace GitOps.Buckets.Tests.Swift;

/// <summary>Makes buckets on the shared Swift and reads the artifacts packed from them.</summary>
internal static class TestBuckets
{
    /// <summary>Options for the shared Swift with the right credentials.</summary>
    public static BucketOptions Options(Uri endpoint) => new()
    {
        Endpoint = endpoint,
        Credentials = new BucketCredentials(SwiftServer.AccessKey, SwiftServer.SecretKey),
        Timeout = TimeSpan.FromSeconds(60),
    };

    /// <summary>Creates a bucket with a fresh name holding <paramref name="objects"/> (uploaded 16 at a time).</summary>
    public static async Task<string> CreateAsync(Uri endpoint, IEnumerable<(string Key, string Content)> objects)
    {
        var name = "t-" + Guid.NewGuid().ToString("N")[..16];
        using var client = Client(endpoint);
        await client.PutBucketAsync(new PutBucketRequest { BucketName = name });
        await Parallel.ForEachAsync(objects, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (entry, token) =>
            await client.PutObjectAsync(
                new PutObjectRequest { BucketName = name, Key = entry.Key, ContentBody = entry.Content, UseChunkEncoding = false },
                token));
        return name;
    }

    /// <summary>Creates a bucket with <paramref name="keys"/>, each holding its own key as content.</summary>
    public static Task<string> CreateAsync(Uri endpoint, params string[] keys) =>
        CreateAsync(endpoint, keys.Select(k => (k, "content of " + k)));

    /// <summary>A plain S3 client for the shared Swift.</summary>
    public static AmazonS3Client Client(Uri endpoint) => new(
        new BasicAWSCredentials(SwiftServer.AccessKey, SwiftServer.SecretKey),
        new AmazonS3Config
        {
            ServiceURL = endpoint.ToString().TrimEnd('/'),
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        });

    /// <summary>The entry names of a tar.gz artifact, in archive order, with each file's text.</summary>
    public static IReadOnlyList<(string Name, string? Text)> ReadArtifact(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        var entries = new List<(string, string?)>();
        while (tar.GetNextEntry() is { } entry)
        {
            string? text = null;
            if (entry.DataStream is { } data)
            {
                using var reader = new StreamReader(data, Encoding.UTF8);
                text = reader.ReadToEnd();
            }

            entries.Add((entry.Name, text));
        }

        return entries;
    }

    /// <summary>The file names of a tar.gz artifact, in archive order (directories left out).</summary>
    public static IReadOnlyList<string> ReadFileNames(string path) =>
        [.. ReadArtifact(path).Where(e => !e.Name.EndsWith('/')).Select(e => e.Name)];

    /// <summary>What Swift reports as an object's ETag: the MD5 of its content, in lower-case hex.</summary>
#pragma warning disable CA5351 // S3's ETag of a simple upload is MD5; nothing is protected by it here
    public static string Md5(string content) =>
        Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(Encoding.UTF8.GetBytes(content)));
#pragma warning restore CA5351
}
