using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace GitOps.Testing.Archives;

/// <summary>
/// Writes tar archives byte by byte, including the malformed and hostile ones no archiver would produce
/// (traversal names, lying sizes, bad checksums, links, devices), for tests of readers and extractors.
/// Headers are POSIX ustar; <see cref="Pax"/> and <see cref="GnuLongName"/> add metadata records.
/// </summary>
public sealed class TarBuilder
{
    private const int Block = 512;
    private readonly List<byte> _tar = [];

    /// <summary>Adds a regular file.</summary>
    public TarBuilder File(string name, string content, int mode = 0b110_100_100) => File(name, Encoding.UTF8.GetBytes(content), mode);

    /// <summary>Adds a regular file.</summary>
    public TarBuilder File(string name, byte[] content, int mode = 0b110_100_100) => Entry(name, '0', content, mode: mode);

    /// <summary>Adds a directory (a trailing slash is added to the name if missing).</summary>
    public TarBuilder Directory(string name) => Entry(name.EndsWith('/') ? name : name + "/", '5', [], mode: 0b111_101_101);

    /// <summary>Adds a symbolic link.</summary>
    public TarBuilder Symlink(string name, string target) => Entry(name, '2', [], linkName: target, mode: 0b111_111_111);

    /// <summary>Adds a hard link.</summary>
    public TarBuilder HardLink(string name, string target) => Entry(name, '1', [], linkName: target);

    /// <summary>
    /// Adds any entry. <paramref name="declaredSize"/> overrides the size written in the header (the data
    /// written is still <paramref name="data"/>, padded to a block); <paramref name="rawName"/> writes name
    /// bytes as given (for invalid UTF-8); <paramref name="corruptChecksum"/> writes a wrong checksum.
    /// </summary>
    public TarBuilder Entry(
        string name,
        char typeFlag,
        byte[] data,
        string linkName = "",
        int mode = 0b110_100_100,
        long? declaredSize = null,
        byte[]? rawName = null,
        string prefix = "",
        bool corruptChecksum = false,
        byte[]? rawSizeField = null)
    {
        var header = new byte[Block];
        WriteBytes(header, 0, 100, rawName ?? Encoding.UTF8.GetBytes(name));
        WriteOctal(header, 100, 8, mode);
        WriteOctal(header, 108, 8, 0);
        WriteOctal(header, 116, 8, 0);
        if (rawSizeField is not null)
        {
            rawSizeField.CopyTo(header, 124);
        }
        else
        {
            WriteOctal(header, 124, 12, declaredSize ?? data.Length);
        }

        WriteOctal(header, 136, 12, 0);
        header[156] = (byte)typeFlag;
        WriteBytes(header, 157, 100, Encoding.UTF8.GetBytes(linkName));
        WriteBytes(header, 257, 6, "ustar\0"u8.ToArray());
        WriteBytes(header, 263, 2, "00"u8.ToArray());
        WriteBytes(header, 345, 155, Encoding.UTF8.GetBytes(prefix));
        for (var i = 148; i < 156; i++)
        {
            header[i] = (byte)' ';
        }

        var sum = header.Sum(b => (int)b) + (corruptChecksum ? 1 : 0);
        WriteBytes(header, 148, 8, Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 "));
        _tar.AddRange(header);
        _tar.AddRange(data);
        _tar.AddRange(new byte[(Block - (data.Length % Block)) % Block]);
        return this;
    }

    /// <summary>Adds a PAX extended header ('x') whose records apply to the next entry.</summary>
    public TarBuilder Pax(params (string Key, string Value)[] records) => Entry("PaxHeader", 'x', PaxRecords(records));

    /// <summary>Adds a PAX global header ('g').</summary>
    public TarBuilder PaxGlobal(params (string Key, string Value)[] records) => Entry("GlobalHead", 'g', PaxRecords(records));

    /// <summary>Adds a GNU long-name record ('L') that names the next entry.</summary>
    public TarBuilder GnuLongName(string name) => Entry("././@LongLink", 'L', [.. Encoding.UTF8.GetBytes(name), 0]);

    /// <summary>Appends raw bytes to the tar stream.</summary>
    public TarBuilder Raw(byte[] bytes)
    {
        _tar.AddRange(bytes);
        return this;
    }

    /// <summary>The tar bytes, ended by two zero blocks unless <paramref name="endMarker"/> is false.</summary>
    public byte[] ToTar(bool endMarker = true)
    {
        var bytes = _tar.ToArray();
        return endMarker ? [.. bytes, .. new byte[Block * 2]] : bytes;
    }

    /// <summary>The gzip-compressed tar.</summary>
    public byte[] ToTarGz(bool endMarker = true) => Gzip(ToTar(endMarker));

    /// <summary>Compresses <paramref name="data"/> with gzip.</summary>
    public static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>PAX records, each <c>"%d %s=%s\n"</c> with the length counting itself.</summary>
    public static byte[] PaxRecords(params (string Key, string Value)[] records)
    {
        var all = new MemoryStream();
        foreach (var (key, value) in records)
        {
            var body = Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(value) + 3; // ' ', '=', '\n'
            var length = body + 1;
            while (length.ToString(CultureInfo.InvariantCulture).Length + body != length)
            {
                length++;
            }

            all.Write(Encoding.UTF8.GetBytes($"{length.ToString(CultureInfo.InvariantCulture)} {key}={value}\n"));
        }

        return all.ToArray();
    }

    private static void WriteBytes(byte[] header, int offset, int length, byte[] value) =>
        value.AsSpan(0, Math.Min(length, value.Length)).CopyTo(header.AsSpan(offset, length));

    private static void WriteOctal(byte[] header, int offset, int length, long value) =>
        WriteBytes(header, offset, length, Encoding.ASCII.GetBytes(Convert.ToString(value, 8).PadLeft(length - 1, '0') + "\0"));
}
