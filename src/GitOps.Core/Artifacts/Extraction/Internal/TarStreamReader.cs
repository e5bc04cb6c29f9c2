using System.Buffers;
using System.Text;

namespace GitOps.Artifacts.Extraction.Internal;

/// <summary>
/// A forward-only reader of the tar format (POSIX ustar, PAX and GNU long names, v7) over an uncompressed
/// stream, through one pooled buffer. It never buffers more than one block of metadata beyond
/// <see cref="ExtractionOptions.MaxHeaderBytes"/>, verifies every header checksum, caps the metadata records
/// (PAX, GNU long names) before each entry, headers included, at <see cref="ExtractionOptions.MaxHeaderBytes"/>
/// (so that they bound the work without counting as entries), and requires the end-of-archive block: an
/// archive that just stops is malformed.
/// </summary>
internal sealed class TarStreamReader : IDisposable
{
    private const int BlockSize = 512;
    private const int BufferSize = 128 * 1024;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly Stream _stream;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _endOfStream;
    private long _pendingData;
    private int _pendingPadding;

    public TarStreamReader(Stream stream)
    {
        _stream = stream;
        _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    }

    /// <summary>
    /// Reads the next entry's header, skipping whatever data of the previous entry was not read. Returns
    /// null at the end-of-archive block.
    /// </summary>
    public async ValueTask<TarHeader?> ReadNextAsync(CancellationToken cancellationToken)
    {
        await SkipPendingAsync(cancellationToken).ConfigureAwait(false);
        string? gnuName = null;
        string? gnuLink = null;
        string? paxPath = null;
        string? paxLink = null;
        long? paxSize = null;
        long metadataBytes = 0;
        while (true)
        {
            if (!await FillAsync(BlockSize, cancellationToken).ConfigureAwait(false))
            {
                ThrowHelper.Malformed(_end == _start
                    ? "the archive ends without an end-of-archive block (truncated?)"
                    : "the archive ends inside a header (truncated?)");
            }

            var block = _buffer.AsSpan(_start, BlockSize);
            if (!block.ContainsAnyExcept((byte)0))
            {
                _start += BlockSize;
                return null;
            }

            var header = ParseHeader(block);
            _start += BlockSize;
            if (header.TypeFlag is (byte)'x' or (byte)'g' or (byte)'L' or (byte)'K')
            {
                metadataBytes += BlockSize + header.Size + Padding(header.Size);
                if (header.Size > ExtractionOptions.MaxHeaderBytes || metadataBytes > ExtractionOptions.MaxHeaderBytes)
                {
                    ThrowHelper.TooLarge(ArtifactLimit.HeaderBytes, ExtractionOptions.MaxHeaderBytes, header.Name);
                }
            }
            switch (header.TypeFlag)
            {
                case (byte)'x':
                    var records = await ReadMetadataAsync(header, cancellationToken).ConfigureAwait(false);
                    ParsePax(records, ref paxPath, ref paxLink, ref paxSize);
                    continue;
                case (byte)'g':
                    // Global PAX records set defaults this reader has no use for (times, owners); read and drop them.
                    _ = await ReadMetadataAsync(header, cancellationToken).ConfigureAwait(false);
                    continue;
                case (byte)'L':
                    gnuName = DecodeName(await ReadMetadataAsync(header, cancellationToken).ConfigureAwait(false), header.Name);
                    continue;
                case (byte)'K':
                    gnuLink = DecodeName(await ReadMetadataAsync(header, cancellationToken).ConfigureAwait(false), header.Name);
                    continue;
                default:
                    var name = paxPath ?? gnuName ?? header.Name;
                    var link = paxLink ?? gnuLink ?? header.LinkName;
                    var size = paxSize ?? header.Size;
                    var kind = header.Kind;
                    if (kind == TarEntryKind.File && header.TypeFlag == 0 && name.EndsWith('/'))
                    {
                        kind = TarEntryKind.Directory; // v7 archives mark directories by the trailing slash only
                    }

                    _pendingData = size;
                    _pendingPadding = Padding(size);
                    return header with { Name = name, LinkName = link, Size = size, Kind = kind };
            }
        }
    }

    /// <summary>
    /// Copies the current entry's data to <paramref name="target"/>, exactly <see cref="TarHeader.Size"/>
    /// bytes. A stream that ends early is a malformed (truncated) archive.
    /// </summary>
    public async ValueTask CopyDataAsync(Microsoft.Win32.SafeHandles.SafeFileHandle target, string entryName, CancellationToken cancellationToken)
    {
        long offset = 0;
        while (_pendingData > 0)
        {
            if (_start == _end && !await FillAsync(1, cancellationToken).ConfigureAwait(false))
            {
                ThrowHelper.Malformed("the archive ends inside a file's data (truncated?)", entryName);
            }

            cancellationToken.ThrowIfCancellationRequested();
            var chunk = (int)Math.Min(_pendingData, _end - _start);

            // A synchronous write: local files gain nothing from async I/O, and it saves a thread-pool hop per chunk.
            RandomAccess.Write(target, _buffer.AsSpan(_start, chunk), offset);
            offset += chunk;
            _start += chunk;
            _pendingData -= chunk;
        }
    }

    /// <summary>Copies the current entry's data, exactly <paramref name="destination"/>'s length, into it.</summary>
    public async ValueTask ReadDataAsync(Memory<byte> destination, string entryName, CancellationToken cancellationToken)
    {
        var copied = 0;
        while (copied < destination.Length)
        {
            if (_start == _end && !await FillAsync(1, cancellationToken).ConfigureAwait(false))
            {
                ThrowHelper.Malformed("the archive ends inside a file's data (truncated?)", entryName);
            }

            var chunk = Math.Min(destination.Length - copied, _end - _start);
            _buffer.AsSpan(_start, chunk).CopyTo(destination.Span[copied..]);
            _start += chunk;
            copied += chunk;
        }

        _pendingData -= copied;
    }

    /// <summary>
    /// Reads what follows the end-of-archive block to the end of the stream, discarding it, and returns how
    /// many bytes that was. Throws once more than <paramref name="maxBytes"/> have been read.
    /// </summary>
    public async ValueTask<long> DrainAsync(long maxBytes, CancellationToken cancellationToken)
    {
        long total = 0;
        while (true)
        {
            total += _end - _start;
            _start = _end = 0;
            if (total > maxBytes)
            {
                ThrowHelper.TooLarge(ArtifactLimit.ExtractedBytes, maxBytes, "(data after the end of the archive)");
            }

            if (_endOfStream)
            {
                return total;
            }

            var read = await _stream.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                _endOfStream = true;
            }

            _end = read;
        }
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null!);
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static int Padding(long size) => (int)((BlockSize - (size % BlockSize)) % BlockSize);

    private async ValueTask SkipPendingAsync(CancellationToken cancellationToken)
    {
        var remaining = _pendingData + _pendingPadding;
        _pendingData = 0;
        _pendingPadding = 0;
        while (remaining > 0)
        {
            if (_start == _end && !await FillAsync(1, cancellationToken).ConfigureAwait(false))
            {
                ThrowHelper.Malformed("the archive ends inside an entry's data (truncated?)");
            }

            var chunk = (int)Math.Min(remaining, _end - _start);
            _start += chunk;
            remaining -= chunk;
        }
    }

    /// <summary>Makes at least <paramref name="count"/> bytes available in the buffer; false at the end of the stream.</summary>
    private async ValueTask<bool> FillAsync(int count, CancellationToken cancellationToken)
    {
        if (_end - _start >= count)
        {
            return true;
        }

        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        while (_end < count && !_endOfStream)
        {
            var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                _endOfStream = true;
            }

            _end += read;
        }

        return _end - _start >= count;
    }

    private async ValueTask<byte[]> ReadMetadataAsync(TarHeader header, CancellationToken cancellationToken)
    {
        if (header.Size > ExtractionOptions.MaxHeaderBytes)
        {
            ThrowHelper.TooLarge(ArtifactLimit.HeaderBytes, ExtractionOptions.MaxHeaderBytes, header.Name);
        }

        var data = new byte[header.Size];
        var copied = 0;
        while (copied < data.Length)
        {
            if (_start == _end && !await FillAsync(1, cancellationToken).ConfigureAwait(false))
            {
                ThrowHelper.Malformed("the archive ends inside a metadata record (truncated?)", header.Name);
            }

            var chunk = Math.Min(data.Length - copied, _end - _start);
            _buffer.AsSpan(_start, chunk).CopyTo(data.AsSpan(copied));
            _start += chunk;
            copied += chunk;
        }

        _pendingPadding = Padding(header.Size);
        await SkipPendingAsync(cancellationToken).ConfigureAwait(false);
        return data;
    }

    private static TarHeader ParseHeader(ReadOnlySpan<byte> block)
    {
        var recorded = ParseNumber(block.Slice(148, 8), "checksum");
        long unsigned = 0;
        long signed = 0;
        for (var i = 0; i < BlockSize; i++)
        {
            var b = i is >= 148 and < 156 ? (byte)' ' : block[i];
            unsigned += b;
            signed += (sbyte)b;
        }

        if (recorded != unsigned && recorded != signed)
        {
            ThrowHelper.Malformed("a header's checksum does not match (corrupt or not a tar archive)");
        }

        var magic = block.Slice(257, 6);
        var isUstar = magic.SequenceEqual("ustar\0"u8);
        var name = DecodeName(block[..100], null);
        if (isUstar && block[345] != 0)
        {
            name = DecodeName(block.Slice(345, 155), null) + "/" + name;
        }

        var typeFlag = block[156];
        var size = ParseNumber(block.Slice(124, 12), "size", name);
        var mode = (int)(ParseNumber(block.Slice(100, 8), "mode", name) & 0xFFF);
        var linkName = DecodeName(block.Slice(157, 100), name);
        var kind = typeFlag switch
        {
            (byte)'0' or 0 or (byte)'7' => TarEntryKind.File,
            (byte)'1' => TarEntryKind.HardLink,
            (byte)'2' => TarEntryKind.SymbolicLink,
            (byte)'3' => TarEntryKind.CharacterDevice,
            (byte)'4' => TarEntryKind.BlockDevice,
            (byte)'5' => TarEntryKind.Directory,
            (byte)'6' => TarEntryKind.Fifo,
            _ => TarEntryKind.Unsupported,
        };
        return new TarHeader(name, kind, typeFlag, mode, size, linkName);
    }

    /// <summary>Reads an octal field (NUL- or space-terminated) or a GNU base-256 number.</summary>
    private static long ParseNumber(ReadOnlySpan<byte> field, string what, string? entryName = null)
    {
        if (field.Length > 0 && (field[0] & 0x80) != 0)
        {
            // Base-256: the first byte's high bit marks it, the rest is big-endian. Only non-negative values
            // that fit in 63 bits are sensible for sizes.
            if ((field[0] & 0x40) != 0)
            {
                ThrowHelper.Malformed($"a header's {what} is negative", entryName);
            }

            long value = field[0] & 0x3F;
            for (var i = 1; i < field.Length; i++)
            {
                if (value > (long.MaxValue >> 8))
                {
                    ThrowHelper.Malformed($"a header's {what} is too large", entryName);
                }

                value = (value << 8) | field[i];
            }

            return value;
        }

        var text = field;
        var terminator = text.IndexOfAny((byte)0, (byte)' ');
        var start = 0;
        while (start < text.Length && text[start] == (byte)' ')
        {
            start++;
        }

        if (terminator >= 0 && terminator < start)
        {
            terminator = text[start..].IndexOfAny((byte)0, (byte)' ');
            terminator = terminator < 0 ? -1 : terminator + start;
        }

        var digits = terminator < 0 ? text[start..] : text[start..terminator];
        long result = 0;
        foreach (var d in digits)
        {
            if (d is < (byte)'0' or > (byte)'7' || result > (long.MaxValue >> 3))
            {
                ThrowHelper.Malformed($"a header's {what} field is not an octal number", entryName);
            }

            result = (result << 3) | (long)(d - '0');
        }

        return result;
    }

    private static string DecodeName(ReadOnlySpan<byte> field, string? entryName, bool stopAtNul = true)
    {
        var end = stopAtNul ? field.IndexOf((byte)0) : -1;
        var bytes = end < 0 ? field : field[..end];
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw new UnsafeArchiveException(UnsafeArchiveReason.InvalidName, entryName, "an entry name is not valid UTF-8", ex);
        }
    }

    /// <summary>Reads PAX records (<c>"%d %s=%s\n"</c>), keeping the ones that change what is extracted.</summary>
    private static void ParsePax(ReadOnlySpan<byte> data, ref string? path, ref string? linkPath, ref long? size)
    {
        while (!data.IsEmpty)
        {
            var space = data.IndexOf((byte)' ');
            var length = 0;
            if (space <= 0 || !int.TryParse(data[..space], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out length)
                || length <= space + 1 || length > data.Length || data[length - 1] != (byte)'\n')
            {
                ThrowHelper.Malformed("a PAX record is malformed");
            }

            var record = data[(space + 1)..(length - 1)];
            data = data[length..];
            var equals = record.IndexOf((byte)'=');
            if (equals <= 0)
            {
                ThrowHelper.Malformed("a PAX record has no key");
            }

            var key = record[..equals];
            var value = record[(equals + 1)..];
            if (key.SequenceEqual("path"u8))
            {
                path = DecodeName(value, null, stopAtNul: false);
                if (path.Contains('\0', StringComparison.Ordinal))
                {
                    ThrowHelper.Unsafe(UnsafeArchiveReason.InvalidName, path, "an entry name has a NUL character");
                }
            }
            else if (key.SequenceEqual("linkpath"u8))
            {
                linkPath = DecodeName(value, null, stopAtNul: false);
            }
            else if (key.SequenceEqual("size"u8))
            {
                if (!long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
                {
                    ThrowHelper.Malformed("a PAX size record is not a number");
                }

                size = parsed;
            }
        }
    }
}
