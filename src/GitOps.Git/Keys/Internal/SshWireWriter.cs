using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace GitOps.Git.Keys.Internal;

/// <summary>Writes the SSH wire encoding of RFC 4251 §5 (uint32, string, mpint) into a growing buffer.</summary>
internal sealed class SshWireWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(256);

    public int Length => _buffer.WrittenCount;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

    public void WriteUInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
    }

    public void WriteRaw(ReadOnlySpan<byte> bytes) => _buffer.Write(bytes);

    /// <summary>A length-prefixed byte string.</summary>
    public void WriteString(ReadOnlySpan<byte> bytes)
    {
        WriteUInt32((uint)bytes.Length);
        WriteRaw(bytes);
    }

    public void WriteString(string text) => WriteString(Encoding.UTF8.GetBytes(text));

    /// <summary>
    /// An mpint from an unsigned big-endian magnitude: leading zero bytes dropped, and one zero byte put back
    /// when the top bit is set, so that the two's-complement value stays positive.
    /// </summary>
    public void WriteMPInt(ReadOnlySpan<byte> unsignedBigEndian)
    {
        var value = unsignedBigEndian.TrimStart((byte)0);
        var pad = value.Length > 0 && (value[0] & 0x80) != 0;
        WriteUInt32((uint)(value.Length + (pad ? 1 : 0)));
        if (pad)
        {
            WriteRaw([0]);
        }

        WriteRaw(value);
    }

    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();
}
