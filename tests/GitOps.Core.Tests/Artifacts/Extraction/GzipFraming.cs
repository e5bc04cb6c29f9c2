using System.IO.Compression;
using System.Text;
using GitOps.Testing.Archives;

namespace GitOps.Core.Tests.Artifacts.Extraction;

/// <summary>
/// Gzip streams around one small tar whose framing is right (accepted, with the same content) or wrong
/// (refused as malformed), shared by the local-extraction and the unverified-fetch tests.
/// </summary>
public static class GzipFraming
{
    public static readonly (string Path, string Content)[] Files =
    [
        ("a.txt", string.Concat(Enumerable.Range(0, 500).Select(i => $"line {i:D4}\n"))),
        ("dir/b.yaml", string.Concat(Enumerable.Repeat("kind: ConfigMap\n", 300))),
    ];

    /// <summary>The uncompressed tar, with its end-of-archive blocks.</summary>
    public static readonly byte[] Tar = Files.Aggregate(new TarBuilder(), (tar, f) => tar.File(f.Path, f.Content)).ToTar();

    /// <summary>The tar as one ordinary member.</summary>
    public static readonly byte[] Good = GzipMembers.Member(Tar);

    public static IEnumerable<TestCaseData> Accepted()
    {
        yield return Case("one member", Good);
        yield return Case("one member with name, comment, extra field and header CRC", GzipMembers.Member(Tar, name: "app.tar", comment: "built by hand", extra: [1, 2, 3, 4, 5], headerCrc: true));
        yield return Case("a 511-byte name (Go's limit)", GzipMembers.Member(Tar, name: new string('n', 511)));
        yield return Case("two members", GzipMembers.Members(Tar, 1000));
        yield return Case("two members split at the tar's end", GzipMembers.Members(Tar, Tar.Length - 1024));
        yield return Case("empty members before, between and after", GzipMembers.Members(Tar, 0, 5000, 5000, Tar.Length));
        yield return Case("a member per 512-byte block", GzipMembers.Members(Tar, [.. Enumerable.Range(1, (Tar.Length / 512) - 1).Select(i => i * 512)]));
        yield return Case("the tar's end in three identical members", [.. GzipMembers.Member(Tar.AsSpan(0, Tar.Length - 1024)), .. GzipMembers.Member(new byte[512]), .. GzipMembers.Member(new byte[512]), .. GzipMembers.Member(new byte[512])]);
        yield return Case("stored blocks", GzipMembers.Member(Tar, CompressionLevel.NoCompression));
    }

    public static IEnumerable<TestCaseData> Refused()
    {
        for (var missing = 1; missing <= 8; missing++)
        {
            yield return Case($"trailer cut by {missing} byte(s)", Good[..^missing]);
        }

        yield return Case("trailer and last deflate byte cut", Good[..^9]);
        yield return Case("wrong CRC-32", GzipMembers.Member(Tar, crc: Crc(Tar) ^ 0x8000_0000));
        yield return Case("wrong ISIZE", GzipMembers.Member(Tar, size: (uint)Tar.Length + 1));
        yield return Case("ISIZE one short", GzipMembers.Member(Tar, size: (uint)Tar.Length - 1));
        yield return Case("a corrupted byte that still inflates", CorruptStoredByte());
        yield return Case("deflate data cut after the tar's end marker", GzipMembers.Member(Tar, CompressionLevel.NoCompression)[..^(8 + 300)]);
        yield return Case("garbage after the end", [.. Good, .. "garbage!"u8]);
        yield return Case("zeros after the end", [.. Good, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        yield return Case("a lone 0x1f after the end", [.. Good, 0x1f]);
        yield return Case("a gzip magic number after the end", [.. Good, 0x1f, 0x8b]);
        yield return Case("a partial member header after the end", [.. Good, 0x1f, 0x8b, 8, 0, 0]);
        yield return Case("a second member cut in its trailer", [.. Good, .. GzipMembers.Member("more"u8)[..^3]]);
        yield return Case("a second member cut in its deflate data", [.. Good, .. GzipMembers.Member(new byte[4000])[..14]]);
        yield return Case("a second member with a wrong CRC-32", [.. Good, .. GzipMembers.Member("more"u8, crc: 7)]);
        yield return Case("a first member with a wrong CRC-32, then a good one", [.. GzipMembers.Member(Tar.AsSpan(0, 1024), crc: 7), .. GzipMembers.Member(Tar.AsSpan(1024))]);
        yield return Case("a wrong header CRC", GzipMembers.Member(Tar, headerCrc: true, wrongHeaderCrc: true));
        yield return Case("a 512-byte name", GzipMembers.Member(Tar, name: new string('n', 512)));
        yield return Case("compression method 7", [.. Good[..2], 7, .. Good[3..]]);
        yield return Case("empty", []);
    }

    /// <summary>Stored blocks inflate whatever their bytes: flip one inside a.txt's data and only the CRC-32 can tell.</summary>
    internal static byte[] CorruptStoredByte()
    {
        var gzip = GzipMembers.Member(Tar, CompressionLevel.NoCompression);
        var at = 10 + 5 + 512 + 100; // gzip header, stored block header, tar header, into the file's data
        if (gzip[at] != Tar[512 + 100])
        {
            throw new InvalidOperationException("the stored layout is not as expected");
        }

        gzip[at] ^= 0x20;
        return gzip;
    }

    private static uint Crc(byte[] data) => System.IO.Hashing.Crc32.HashToUInt32(data);

    private static TestCaseData Case(string name, byte[] bytes) => new TestCaseData(bytes) { TestName = "{m}(" + name + ")" };

    /// <summary>Asserts that <paramref name="directory"/> holds exactly <see cref="Files"/>.</summary>
    public static void AssertExtracted(string directory)
    {
        Assert.Multiple(() =>
        {
            foreach (var (path, content) in Files)
            {
                Assert.That(File.ReadAllText(Path.Combine(directory, path), Encoding.UTF8), Is.EqualTo(content), path);
            }

            Assert.That(Directory.GetFiles(directory, "*", SearchOption.AllDirectories), Has.Length.EqualTo(Files.Length));
        });
    }
}
