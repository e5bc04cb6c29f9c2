using System.Text;
using GitOps.Artifacts;
using GitOps.Artifacts.Extraction;
using GitOps.Testing.Archives;

namespace GitOps.Core.Tests.Artifacts.Extraction;

/// <summary>One hand-crafted hostile or broken archive and how it must be refused.</summary>
/// <param name="Name">What the archive tries.</param>
/// <param name="GzipBytes">The archive as served (normally gzip-compressed tar).</param>
/// <param name="Reason">The <see cref="UnsafeArchiveReason"/> expected, when the refusal is an <see cref="UnsafeArchiveException"/>.</param>
/// <param name="Limit">The <see cref="ArtifactLimit"/> expected, when the refusal is an <see cref="ArtifactTooLargeException"/>.</param>
/// <param name="Options">Extraction options (smaller limits for bombs), or null for the defaults.</param>
public sealed record HostileArchive(string Name, byte[] GzipBytes, UnsafeArchiveReason? Reason, ArtifactLimit? Limit, ExtractionOptions? Options = null)
{
    public override string ToString() => Name;
}

/// <summary>
/// The corpus of hostile archives, built in code. Escapes aim at <see cref="EscapeName"/>: a relative name
/// that, if honoured, lands beside the destination, or an absolute one under <see cref="AbsoluteTarget"/>.
/// </summary>
public static class HostileArchives
{
    /// <summary>The file name every escape tries to create.</summary>
    public const string EscapeName = "escaped.txt";

    /// <summary>An absolute directory that absolute-path entries aim at; it must never come to exist.</summary>
    public static readonly string AbsoluteTarget = Path.Combine(Path.GetTempPath(), "gitops-escape-" + Environment.ProcessId);

    private static readonly byte[] Evil = Encoding.ASCII.GetBytes("pwned");

    public static IEnumerable<HostileArchive> All()
    {
        var abs = AbsoluteTarget + "/" + EscapeName;
        static byte[] Gz(TarBuilder t, bool end = true) => t.ToTarGz(end);
        static HostileArchive U(string name, TarBuilder t, UnsafeArchiveReason reason) => new(name, Gz(t), reason, null);
        var small = new ExtractionOptions { MaxExtractedBytes = 1024 * 1024, MaxFileBytes = 512 * 1024, MaxEntries = 1000 };
        var fewEntries = new ExtractionOptions { MaxExtractedBytes = 64 * 1024 * 1024, MaxEntries = 1000 };

        // Traversal and absolute names.
        yield return U("parent traversal", new TarBuilder().File("../" + EscapeName, Evil), UnsafeArchiveReason.PathEscape);
        yield return U("deep parent traversal", new TarBuilder().File("../../../../../../../../" + EscapeName, Evil), UnsafeArchiveReason.PathEscape);
        yield return U("traversal after a real directory", new TarBuilder().File("a/../../" + EscapeName, Evil), UnsafeArchiveReason.PathEscape);
        yield return U("traversal that stays inside", new TarBuilder().File("a/b/../c.txt", Evil), UnsafeArchiveReason.PathEscape);
        yield return U("dot slash traversal", new TarBuilder().File("./../" + EscapeName, Evil), UnsafeArchiveReason.PathEscape);
        yield return U("parent directory entry", new TarBuilder().Directory(".."), UnsafeArchiveReason.PathEscape);
        yield return U("absolute file", new TarBuilder().File(abs, Evil), UnsafeArchiveReason.AbsolutePath);
        yield return U("absolute directory", new TarBuilder().Directory(AbsoluteTarget), UnsafeArchiveReason.AbsolutePath);
        yield return U("windows drive path", new TarBuilder().File("C:/" + EscapeName, Evil), UnsafeArchiveReason.AbsolutePath);
        yield return U("backslash traversal", new TarBuilder().File("..\\" + EscapeName, Evil), UnsafeArchiveReason.InvalidName);
        yield return U("backslash separator", new TarBuilder().File("a\\b.txt", Evil), UnsafeArchiveReason.InvalidName);
        yield return U("PAX path with NUL", new TarBuilder().Pax(("path", "ok.txt\0../" + EscapeName)).File("ok.txt", Evil), UnsafeArchiveReason.InvalidName);
        yield return U("PAX path traversal behind a benign name", new TarBuilder().Pax(("path", "../" + EscapeName)).File("benign.txt", Evil), UnsafeArchiveReason.PathEscape);
        yield return U("PAX absolute path", new TarBuilder().Pax(("path", abs)).File("benign.txt", Evil), UnsafeArchiveReason.AbsolutePath);
        yield return U("GNU long name traversal", new TarBuilder().GnuLongName(new string('a', 120) + "/../../" + EscapeName).File("benign.txt", Evil), UnsafeArchiveReason.PathEscape);
        yield return U("ustar prefix traversal", new TarBuilder().Entry(EscapeName, '0', Evil, prefix: ".."), UnsafeArchiveReason.PathEscape);
        yield return U("empty name", new TarBuilder().File(string.Empty, Evil), UnsafeArchiveReason.InvalidName);
        yield return U("file named as the root", new TarBuilder().File("./", Evil), UnsafeArchiveReason.InvalidName);
        yield return U("invalid UTF-8 name", new TarBuilder().Entry("x", '0', Evil, rawName: [0x66, 0xFF, 0xFE, 0x2E]), UnsafeArchiveReason.InvalidName);
        yield return U("component longer than 255 bytes", new TarBuilder().Pax(("path", new string('n', 300))).File("benign.txt", Evil), UnsafeArchiveReason.InvalidName);

        // Links.
        yield return U("symlink to a parent", new TarBuilder().Symlink("link", "../../"), UnsafeArchiveReason.SymbolicLink);
        yield return U("symlink to an absolute path", new TarBuilder().Symlink("link", "/etc/passwd"), UnsafeArchiveReason.SymbolicLink);
        yield return U("symlink then a file through it", new TarBuilder().Symlink("link", AbsoluteTarget).File("link/" + EscapeName, Evil), UnsafeArchiveReason.SymbolicLink);
        yield return U("symlink inside the tree", new TarBuilder().File("a.txt", Evil).Symlink("b.txt", "a.txt"), UnsafeArchiveReason.SymbolicLink);
        yield return U("PAX linkpath escape", new TarBuilder().Pax(("linkpath", "../../../etc/shadow")).Symlink("link", "benign"), UnsafeArchiveReason.SymbolicLink);
        yield return U("hardlink to an absolute path", new TarBuilder().HardLink("passwd", "/etc/passwd"), UnsafeArchiveReason.HardLink);
        yield return U("hardlink to a parent", new TarBuilder().HardLink("x", "../" + EscapeName), UnsafeArchiveReason.HardLink);
        yield return U("hardlink inside the tree", new TarBuilder().File("a.txt", Evil).HardLink("b.txt", "a.txt"), UnsafeArchiveReason.HardLink);

        // Special files and unknown types.
        yield return U("character device", new TarBuilder().Entry("null", '3', []), UnsafeArchiveReason.SpecialFile);
        yield return U("block device", new TarBuilder().Entry("sda", '4', []), UnsafeArchiveReason.SpecialFile);
        yield return U("fifo", new TarBuilder().Entry("pipe", '6', []), UnsafeArchiveReason.SpecialFile);
        yield return U("GNU sparse file", new TarBuilder().Entry("sparse", 'S', Evil), UnsafeArchiveReason.UnsupportedEntryType);
        yield return U("GNU volume label", new TarBuilder().Entry("label", 'V', []), UnsafeArchiveReason.UnsupportedEntryType);

        // Duplicates and clashes.
        yield return U("duplicate file", new TarBuilder().File("a.txt", "first").File("a.txt", "second"), UnsafeArchiveReason.DuplicateEntry);
        yield return U("duplicate after normalisation", new TarBuilder().File("a/b.txt", "first").File("./a//b.txt", "second"), UnsafeArchiveReason.DuplicateEntry);
        yield return U("file then directory of the same name", new TarBuilder().File("a", Evil).Directory("a"), UnsafeArchiveReason.DuplicateEntry);
        yield return U("directory then file of the same name", new TarBuilder().Directory("a").File("a", Evil), UnsafeArchiveReason.DuplicateEntry);
        yield return U("file used as a parent", new TarBuilder().File("a", Evil).File("a/b.txt", Evil), UnsafeArchiveReason.DuplicateEntry);

        // Malformed and truncated.
        var good = new TarBuilder().File("a.txt", new byte[5000]).File("b.txt", "b").ToTarGz();
        yield return new("gzip stream cut in half", good[..(good.Length / 2)], UnsafeArchiveReason.Malformed, null);
        yield return new("gzip trailer with a wrong CRC", WrongCrc(good), UnsafeArchiveReason.Malformed, null);
        yield return new("gzip trailer with a wrong length", WrongLength(good), UnsafeArchiveReason.Malformed, null);
        yield return new("gzip trailer cut by 4 bytes", good[..^4], UnsafeArchiveReason.Malformed, null);
        yield return new("garbage after the gzip stream", [.. good, .. "garbage!"u8], UnsafeArchiveReason.Malformed, null);
        yield return new("a corrupted stored byte that still inflates", GzipFraming.CorruptStoredByte(), UnsafeArchiveReason.Malformed, null);
        yield return U("tar without end-of-archive block", new TarBuilder().File("a.txt", Evil), UnsafeArchiveReason.Malformed) with
        {
            GzipBytes = new TarBuilder().File("a.txt", Evil).ToTarGz(endMarker: false),
        };
        yield return new("tar cut inside a file's data", TarBuilder.Gzip(new TarBuilder().File("a.txt", new byte[4096]).ToTar(endMarker: false)[..1500]), UnsafeArchiveReason.Malformed, null);
        yield return new("tar cut inside a header", TarBuilder.Gzip(new TarBuilder().File("a.txt", Evil).ToTar()[..300]), UnsafeArchiveReason.Malformed, null);
        yield return new("plain tar, not gzip", new TarBuilder().File("a.txt", Evil).ToTar(), UnsafeArchiveReason.Malformed, null);
        yield return new("random bytes", RandomBytes(4096, 7), UnsafeArchiveReason.Malformed, null);
        yield return new("gzip of random bytes", TarBuilder.Gzip(RandomBytes(4096, 8)), UnsafeArchiveReason.Malformed, null);
        yield return new("corrupted deflate data", Corrupt(good), UnsafeArchiveReason.Malformed, null);
        yield return U("bad header checksum", new TarBuilder().Entry("a.txt", '0', Evil, corruptChecksum: true), UnsafeArchiveReason.Malformed);
        yield return U("size field not octal", new TarBuilder().Entry("a.txt", '0', Evil, rawSizeField: "0000000009x\0"u8.ToArray()), UnsafeArchiveReason.Malformed);
        yield return U("negative base-256 size", new TarBuilder().Entry("a.txt", '0', Evil, rawSizeField: [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00]), UnsafeArchiveReason.Malformed);
        yield return U("malformed PAX record", new TarBuilder().Entry("PaxHeader", 'x', "99 path=x\n"u8.ToArray()).File("a.txt", Evil), UnsafeArchiveReason.Malformed);
        yield return U("data shorter than its size says", new TarBuilder().Entry("a.txt", '0', Evil, declaredSize: 100_000), UnsafeArchiveReason.Malformed);

        // Bombs and limits.
        yield return new("tar bomb: many files over the total", Gz(ManyFiles(20, 64 * 1024)), null, ArtifactLimit.ExtractedBytes, small);
        yield return new("one file over the per-file limit", Gz(new TarBuilder().File("big.bin", new byte[600 * 1024])), null, ArtifactLimit.FileBytes, small);
        yield return new("gzip bomb: 64 MiB of zeros in one file", Gz(new TarBuilder().File("zeros.bin", new byte[64 * 1024 * 1024])), null, ArtifactLimit.FileBytes, small);
        yield return new("gzip bomb after the end of the archive", TarBuilder.Gzip([.. new TarBuilder().File("a.txt", Evil).ToTar(), .. new byte[32 * 1024 * 1024]]), null, ArtifactLimit.ExtractedBytes, small);
        yield return new("size lie: 4 GiB in base-256", Gz(new TarBuilder().Entry("a.txt", '0', Evil, rawSizeField: [0x80, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0])), null, ArtifactLimit.FileBytes);
        yield return new("size lie in a PAX record", Gz(new TarBuilder().Pax(("size", "99999999999")).File("a.txt", Evil)), null, ArtifactLimit.FileBytes);
        yield return new("huge entry count", Gz(ManyFiles(1001, 0)), null, ArtifactLimit.Entries, small);
        yield return new("huge count of empty directories", Gz(ManyDirectories(1001)), null, ArtifactLimit.Entries, fewEntries);
        yield return new("huge count of parent directories implied by deep paths", Gz(DeepFiles(50, 25)), null, ArtifactLimit.Entries, fewEntries);
        yield return new("directories over the byte cap at 4 KiB each", Gz(ManyDirectories(257)), null, ArtifactLimit.ExtractedBytes, small);
        yield return new("long-path directories: 1.3 MB that would make 190 MB of directories", Gz(LongPathDirectories(49_000)), null, ArtifactLimit.ExtractedBytes);
        yield return new("huge count of global PAX headers before one entry", Gz(ManyGlobalHeaders(1100)), null, ArtifactLimit.HeaderBytes, small);
        yield return new("oversized PAX header", Gz(new TarBuilder().Pax(("comment", new string('x', 2 * 1024 * 1024))).File("a.txt", Evil)), null, ArtifactLimit.HeaderBytes);
        yield return new("oversized GNU long name", Gz(new TarBuilder().GnuLongName(new string('x', 2 * 1024 * 1024)).File("a.txt", Evil)), null, ArtifactLimit.HeaderBytes);
    }

    private static TarBuilder ManyFiles(int count, int size)
    {
        var tar = new TarBuilder();
        for (var i = 0; i < count; i++)
        {
            tar.File($"f{i:D5}.bin", new byte[size]);
        }

        return tar;
    }

    private static TarBuilder ManyDirectories(int count)
    {
        var tar = new TarBuilder();
        for (var i = 0; i < count; i++)
        {
            tar.Directory($"d{i:D5}");
        }

        return tar;
    }

    /// <summary><paramref name="count"/> files, each <paramref name="depth"/> directories deep in a folder of its own.</summary>
    private static TarBuilder DeepFiles(int count, int depth)
    {
        var tar = new TarBuilder();
        for (var i = 0; i < count; i++)
        {
            tar.File($"t{i:D3}/" + string.Concat(Enumerable.Repeat("d/", depth)) + "f", "x");
        }

        return tar;
    }

    /// <summary>Directories whose names share a 200-byte component, as the hostile archive of issue #17 had them.</summary>
    private static TarBuilder LongPathDirectories(int count)
    {
        var tar = new TarBuilder();
        var stem = new string('p', 200);
        for (var i = 0; i < count; i++)
        {
            tar.Pax(("path", $"{stem}/{stem}/{i:D6}/")).Directory("d");
        }

        return tar;
    }

    private static TarBuilder ManyGlobalHeaders(int count)
    {
        var tar = new TarBuilder();
        for (var i = 0; i < count; i++)
        {
            tar.PaxGlobal(("comment", "x"));
        }

        return tar.File("a.txt", "a");
    }

    private static byte[] RandomBytes(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static byte[] WrongCrc(byte[] gzip)
    {
        var copy = (byte[])gzip.Clone();
        copy[^8] ^= 0x01;
        return copy;
    }

    private static byte[] WrongLength(byte[] gzip)
    {
        var copy = (byte[])gzip.Clone();
        copy[^4] ^= 0x01;
        return copy;
    }

    private static byte[] Corrupt(byte[] gzip)
    {
        var copy = (byte[])gzip.Clone();
        for (var i = 12; i < copy.Length - 8; i += 7)
        {
            copy[i] ^= 0x5A;
        }

        return copy;
    }
}
