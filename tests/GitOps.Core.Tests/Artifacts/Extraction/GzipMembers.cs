using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;

namespace GitOps.Core.Tests.Artifacts.Extraction;

/// <summary>
/// Hand-made gzip streams (RFC 1952), byte by byte, so that tests control every field: header flags and
/// optional fields, member boundaries, and the CRC-32 and size of each trailer.
/// </summary>
public static class GzipMembers
{
    private const byte FlagHeaderCrc = 0x02;
    private const byte FlagExtra = 0x04;
    private const byte FlagName = 0x08;
    private const byte FlagComment = 0x10;

    /// <summary>One member holding <paramref name="data"/>.</summary>
    /// <param name="data">The uncompressed bytes.</param>
    /// <param name="level">How to deflate them (<see cref="CompressionLevel.NoCompression"/>: stored blocks, which inflate whatever their bytes).</param>
    /// <param name="name">FNAME, if any.</param>
    /// <param name="comment">FCOMMENT, if any.</param>
    /// <param name="extra">FEXTRA data, if any.</param>
    /// <param name="headerCrc">Whether to write FHCRC; <paramref name="wrongHeaderCrc"/> writes a wrong one.</param>
    /// <param name="crc">The trailer's CRC-32 (default: the true one).</param>
    /// <param name="size">The trailer's ISIZE (default: the true one).</param>
    /// <param name="wrongHeaderCrc">Write an FHCRC that does not match.</param>
    public static byte[] Member(
        ReadOnlySpan<byte> data,
        CompressionLevel level = CompressionLevel.Optimal,
        string? name = null,
        string? comment = null,
        byte[]? extra = null,
        bool headerCrc = false,
        uint? crc = null,
        uint? size = null,
        bool wrongHeaderCrc = false)
    {
        var output = new MemoryStream();
        var flags = (byte)((headerCrc ? FlagHeaderCrc : 0) | (extra is null ? 0 : FlagExtra) | (name is null ? 0 : FlagName) | (comment is null ? 0 : FlagComment));
        output.Write([0x1f, 0x8b, 8, flags, 0x78, 0x56, 0x34, 0x12, 0, 3]);
        if (extra is not null)
        {
            output.Write([(byte)extra.Length, (byte)(extra.Length >> 8)]);
            output.Write(extra);
        }

        if (name is not null)
        {
            output.Write([.. Encoding.Latin1.GetBytes(name), 0]);
        }

        if (comment is not null)
        {
            output.Write([.. Encoding.Latin1.GetBytes(comment), 0]);
        }

        if (headerCrc)
        {
            var crc16 = (ushort)Crc32.HashToUInt32(output.ToArray());
            output.Write([(byte)(crc16 ^ (wrongHeaderCrc ? 1 : 0)), (byte)(crc16 >> 8)]);
        }

        if (data.IsEmpty)
        {
            output.Write([0x03, 0x00]); // one empty final block (DeflateStream writes nothing at all for no data)
        }
        else
        {
            using var deflate = new DeflateStream(output, level, leaveOpen: true);
            deflate.Write(data);
        }

        var trailer = new byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(trailer, crc ?? Crc32.HashToUInt32(data));
        BinaryPrimitives.WriteUInt32LittleEndian(trailer.AsSpan(4), size ?? (uint)data.Length);
        output.Write(trailer);
        return output.ToArray();
    }

    /// <summary><paramref name="data"/> split at <paramref name="cuts"/> into consecutive members.</summary>
    public static byte[] Members(byte[] data, params int[] cuts)
    {
        var output = new List<byte>();
        var start = 0;
        foreach (var cut in cuts.Append(data.Length))
        {
            output.AddRange(Member(data.AsSpan(start, cut - start)));
            start = cut;
        }

        return [.. output];
    }
}
