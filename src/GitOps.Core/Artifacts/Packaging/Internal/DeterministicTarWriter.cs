using System.Buffers;
using System.Globalization;
using System.Text;

namespace GitOps.Artifacts.Packaging.Internal;

/// <summary>
/// Writes POSIX ustar headers with nothing that varies between machines or runs: owner and group 0 and
/// unnamed, time 0, the mode given. Names that do not fit ustar's name and prefix fields get a PAX
/// <c>path</c> record; so do sizes of 8 GiB and over (a PAX <c>size</c> record).
/// </summary>
internal sealed class DeterministicTarWriter(Stream output)
{
    private const int Block = 512;
    private const long MaxOctalSize = (1L << 33) - 1;
    private readonly byte[] _header = new byte[Block];

    public void WriteDirectory(string name, int mode) => WriteHeader(name.EndsWith('/') ? name : name + "/", '5', mode, 0);

    /// <summary>Writes a file entry with exactly <paramref name="size"/> bytes from <paramref name="content"/>.</summary>
    public async Task WriteFileAsync(string name, int mode, long size, Stream content, CancellationToken cancellationToken)
    {
        WriteHeader(name, '0', mode, size);
        var buffer = ArrayPool<byte>.Shared.Rent(128 * 1024);
        try
        {
            var remaining = size;
            while (remaining > 0)
            {
                var read = await content.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new IOException($"'{name}' shrank while it was being packed");
                }

                await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                remaining -= read;
            }

            if (await content.ReadAsync(buffer.AsMemory(0, 1), cancellationToken).ConfigureAwait(false) != 0)
            {
                throw new IOException($"'{name}' grew while it was being packed");
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        WritePadding(size);
    }

    /// <summary>Ends the archive with two zero blocks.</summary>
    public void WriteEnd() => output.Write(new byte[Block * 2]);

    private void WriteHeader(string name, char type, int mode, long size)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var fits = TrySplit(nameBytes, out var prefixLength);
        var records = new List<(string, string)>();
        if (!fits)
        {
            records.Add(("path", name));
        }

        if (size > MaxOctalSize)
        {
            records.Add(("size", size.ToString(CultureInfo.InvariantCulture)));
        }

        if (records.Count > 0)
        {
            var pax = PaxRecords(records);
            WriteRawHeader("PaxHeader"u8, [], 'x', 0b110_100_100, pax.Length);
            output.Write(pax);
            WritePadding(pax.Length);
        }

        if (fits)
        {
            var prefix = prefixLength > 0 ? nameBytes.AsSpan(0, prefixLength) : [];
            var rest = prefixLength > 0 ? nameBytes.AsSpan(prefixLength + 1) : nameBytes;
            WriteRawHeader(rest, prefix, type, mode, size > MaxOctalSize ? 0 : size);
        }
        else
        {
            // The PAX record holds the real name; the ustar field keeps a recognisable, truncated one.
            WriteRawHeader(nameBytes.AsSpan(0, Math.Min(100, nameBytes.Length)), [], type, mode, size > MaxOctalSize ? 0 : size);
        }
    }

    /// <summary>Whether the name fits ustar: ≤ 100 bytes, or a prefix ≤ 155 bytes and a rest ≤ 100 split at a slash.</summary>
    private static bool TrySplit(byte[] name, out int prefixLength)
    {
        prefixLength = 0;
        if (name.Length <= 100)
        {
            return true;
        }

        for (var i = Math.Min(155, name.Length - 1); i > 0; i--)
        {
            if (name[i] == (byte)'/' && name.Length - i - 1 <= 100 && name.Length - i - 1 > 0)
            {
                prefixLength = i;
                return true;
            }
        }

        return false;
    }

    private void WriteRawHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> prefix, char type, int mode, long size)
    {
        var h = _header.AsSpan();
        h.Clear();
        name.CopyTo(h[..100]);
        Octal(h.Slice(100, 8), mode);
        Octal(h.Slice(108, 8), 0);
        Octal(h.Slice(116, 8), 0);
        Octal(h.Slice(124, 12), size);
        Octal(h.Slice(136, 12), 0);
        h[156] = (byte)type;
        "ustar\0"u8.CopyTo(h[257..]);
        "00"u8.CopyTo(h[263..]);
        Octal(h.Slice(329, 8), 0);
        Octal(h.Slice(337, 8), 0);
        prefix.CopyTo(h.Slice(345, 155));
        h.Slice(148, 8).Fill((byte)' ');
        var sum = 0;
        foreach (var b in h)
        {
            sum += b;
        }

        Octal(h.Slice(148, 7), sum);
        output.Write(h);
    }

    private void WritePadding(long size)
    {
        var padding = (int)((Block - (size % Block)) % Block);
        if (padding > 0)
        {
            output.Write(new byte[padding]);
        }
    }

    /// <summary>Writes <paramref name="value"/> as zero-padded octal filling all but the last byte, which is NUL.</summary>
    private static void Octal(Span<byte> field, long value)
    {
        for (var i = field.Length - 2; i >= 0; i--)
        {
            field[i] = (byte)('0' + (value & 7));
            value >>= 3;
        }

        field[^1] = 0;
    }

    private static byte[] PaxRecords(List<(string Key, string Value)> records)
    {
        var all = new List<byte>();
        foreach (var (key, value) in records)
        {
            var body = Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(value) + 3;
            var length = body + 1;
            while (length.ToString(CultureInfo.InvariantCulture).Length + body != length)
            {
                length++;
            }

            all.AddRange(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{length} {key}={value}\n")));
        }

        return [.. all];
    }
}
