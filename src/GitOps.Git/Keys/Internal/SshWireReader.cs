using System.Buffers.Binary;
using System.Text;

namespace GitOps.Git.Keys.Internal;

/// <summary>Reads the SSH wire encoding of RFC 4251 §5; any truncation or overlong length is a <see cref="FormatException"/>.</summary>
internal ref struct SshWireReader(ReadOnlySpan<byte> data)
{
    private ReadOnlySpan<byte> _rest = data;

    public readonly bool IsAtEnd => _rest.IsEmpty;

    public readonly ReadOnlySpan<byte> Remaining => _rest;

    public uint ReadUInt32()
    {
        if (_rest.Length < 4)
        {
            throw new FormatException("truncated SSH data");
        }

        var value = BinaryPrimitives.ReadUInt32BigEndian(_rest);
        _rest = _rest[4..];
        return value;
    }

    public ReadOnlySpan<byte> ReadRaw(int length)
    {
        if (length < 0 || length > _rest.Length)
        {
            throw new FormatException("truncated SSH data");
        }

        var value = _rest[..length];
        _rest = _rest[length..];
        return value;
    }

    public ReadOnlySpan<byte> ReadString()
    {
        var length = ReadUInt32();
        return length > int.MaxValue ? throw new FormatException("truncated SSH data") : ReadRaw((int)length);
    }

    public string ReadText() => Encoding.UTF8.GetString(ReadString());

    /// <summary>An mpint as an unsigned big-endian magnitude (negative values are refused).</summary>
    public ReadOnlySpan<byte> ReadMPInt()
    {
        var value = ReadString();
        if (value.Length > 0 && (value[0] & 0x80) != 0)
        {
            throw new FormatException("negative mpint in SSH data");
        }

        return value.TrimStart((byte)0);
    }
}
