using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace GitOps.Artifacts.Extraction.Internal;

/// <summary>
/// Decompresses a gzip stream (RFC 1952) and checks its framing as Go's <c>compress/gzip</c> reader does in
/// its default multistream mode: every member's header, its deflate data inflated to the final block, and
/// its 8-byte trailer, whose CRC-32 and size (mod 2^32) must match the bytes inflated. Members may follow
/// one another; whatever follows a member must be another complete member or nothing. A stream that ends
/// anywhere else, or a mismatch, raises <see cref="UnsafeArchiveException"/> (malformed). The verdict does not
/// depend on the process-wide <c>System.IO.Compression.UseStrictValidation</c> switch (the inner
/// <see cref="DeflateStream"/> still follows it, so with it on some messages differ).
/// </summary>
/// <remarks>
/// Members are inflated by a raw <see cref="DeflateStream"/>, which reads its input ahead and keeps what it
/// did not use. So it is fed from this stream's own buffer, at most <see cref="MaxChunk"/> bytes at a time:
/// when the deflate data ends, its end lies within the last piece handed over, which is still in the
/// buffer, and the trailer is the first place in that piece where the CRC-32 and size match and which is
/// followed by the end of the input or the next member's magic (1f 8b 08). For an honest stream that place
/// is the true end (a false match before it needs those 11 bytes by chance; matches after it are later,
/// identical members). A stream crafted to hold its own trailer and a member header inside its last deflate
/// piece would be split there rather than where Go splits it; the bytes after the split must still pass
/// every check of a member, and the tar checks and limits apply to all output either way. Streaming
/// throughout: one pooled buffer, whatever the size of the archive.
/// </remarks>
internal sealed class GzipReadStream : Stream
{
    private const int BufferSize = 64 * 1024;
    private const int MaxChunk = 8 * 1024;
    private const int HeaderSize = 10;
    private const int TrailerSize = 8;
    private const int MaxHeaderString = 511; // Go's reader refuses longer names and comments
    private const byte Id1 = 0x1f;
    private const byte Id2 = 0x8b;
    private const byte Deflate = 8;
    private const byte FlagHeaderCrc = 0x02;
    private const byte FlagExtra = 0x04;
    private const byte FlagName = 0x08;
    private const byte FlagComment = 0x10;

    private readonly Stream _inner;
    private readonly Crc32 _crc = new();
    private readonly CompressedSource _source;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    private int _start;
    private int _end;
    private bool _innerEnded;
    private int _chunkStart;
    private int _chunkLength;
    private bool _sourceExhausted;
    private DeflateStream? _deflate;
    private long _memberBytes;
    private int _members;
    private bool _done;

    public GzipReadStream(Stream inner)
    {
        _inner = inner;
        _source = new CompressedSource(this);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_buffer.Length == 0, this);
        while (!_done && !buffer.IsEmpty)
        {
            if (_deflate is null)
            {
                if (!await ReadHeaderAsync(cancellationToken).ConfigureAwait(false))
                {
                    _done = true;
                    break;
                }

                _deflate = new DeflateStream(_source, CompressionMode.Decompress, leaveOpen: true);
                _crc.Reset();
                _memberBytes = 0;
                _sourceExhausted = false;
            }

            int read;
            try
            {
                read = await _deflate.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidDataException ex)
            {
                // A corrupt deflate block (found by fuzzing): the archive is malformed, not the reader broken.
                ThrowHelper.Malformed($"the gzip member's compressed data is corrupt: {ex.Message}", inner: ex);
                throw;
            }

            if (read > 0)
            {
                _crc.Append(buffer.Span[..read]);
                _memberBytes += read;
                return read;
            }

            if (_sourceExhausted)
            {
                ThrowHelper.Malformed("the gzip stream ends inside a member's compressed data (truncated?)");
            }

            await _deflate.DisposeAsync().ConfigureAwait(false);
            _deflate = null;
            await ReadTrailerAsync(cancellationToken).ConfigureAwait(false);
            _members++;
        }

        return 0;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        // The extraction pipeline reads asynchronously; this exists for completeness.
        var rented = ArrayPool<byte>.Shared.Rent(buffer.Length);
        try
        {
            var read = ReadAsync(rented.AsMemory(0, buffer.Length)).AsTask().GetAwaiter().GetResult();
            rented.AsSpan(0, read).CopyTo(buffer);
            return read;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Reads one member header. Returns false at the end of the input after at least one member; throws on
    /// an empty input, on anything that is not a complete, valid header, and so on data after the last member.
    /// </summary>
    private async ValueTask<bool> ReadHeaderAsync(CancellationToken cancellationToken)
    {
        var available = await EnsureAsync(HeaderSize, cancellationToken).ConfigureAwait(false);
        if (available == 0)
        {
            if (_members == 0)
            {
                ThrowHelper.Malformed("the data is empty, not a gzip stream");
            }

            return false;
        }

        var head = _buffer.AsSpan(_start, Math.Min(available, HeaderSize));
        if (head[0] != Id1 || (head.Length > 1 && head[1] != Id2))
        {
            ThrowHelper.Malformed(_members == 0
                ? "the data is not a gzip stream (no gzip magic number)"
                : "the data after the end of the gzip stream is not another gzip member (trailing garbage)");
        }

        if (available < HeaderSize)
        {
            Truncated("a member header");
        }

        if (head[2] != Deflate)
        {
            ThrowHelper.Malformed($"a gzip member uses compression method {head[2]}, not deflate");
        }

        var flags = head[3];
        _crc.Reset();
        await ConsumeAsync(HeaderSize, cancellationToken).ConfigureAwait(false);
        if ((flags & FlagExtra) != 0)
        {
            if (await EnsureAsync(2, cancellationToken).ConfigureAwait(false) < 2)
            {
                Truncated("a member header");
            }

            var extraLength = BinaryPrimitives.ReadUInt16LittleEndian(_buffer.AsSpan(_start, 2));
            await ConsumeAsync(2 + extraLength, cancellationToken).ConfigureAwait(false);
        }

        if ((flags & FlagName) != 0)
        {
            await ConsumeStringAsync("name", cancellationToken).ConfigureAwait(false);
        }

        if ((flags & FlagComment) != 0)
        {
            await ConsumeStringAsync("comment", cancellationToken).ConfigureAwait(false);
        }

        if ((flags & FlagHeaderCrc) != 0)
        {
            var expected = (ushort)_crc.GetCurrentHashAsUInt32();
            if (await EnsureAsync(2, cancellationToken).ConfigureAwait(false) < 2)
            {
                Truncated("a member header");
            }

            if (BinaryPrimitives.ReadUInt16LittleEndian(_buffer.AsSpan(_start, 2)) != expected)
            {
                ThrowHelper.Malformed("a gzip member header's CRC-16 does not match");
            }

            _start += 2;
        }

        return true;
    }

    /// <summary>Consumes <paramref name="count"/> header bytes, hashing them (for FHCRC).</summary>
    private async ValueTask ConsumeAsync(int count, CancellationToken cancellationToken)
    {
        while (count > 0)
        {
            var available = await EnsureAsync(1, cancellationToken).ConfigureAwait(false);
            if (available == 0)
            {
                Truncated("a member header");
            }

            var take = Math.Min(count, available);
            _crc.Append(_buffer.AsSpan(_start, take));
            _start += take;
            count -= take;
        }
    }

    /// <summary>Consumes a NUL-terminated header field (file name, comment), hashing it.</summary>
    private async ValueTask ConsumeStringAsync(string what, CancellationToken cancellationToken)
    {
        var length = 0;
        while (true)
        {
            var available = await EnsureAsync(1, cancellationToken).ConfigureAwait(false);
            if (available == 0)
            {
                Truncated("a member header");
            }

            var span = _buffer.AsSpan(_start, available);
            var nul = span.IndexOf((byte)0);
            var take = nul < 0 ? available : nul + 1;
            length += nul < 0 ? take : nul;
            if (length > MaxHeaderString)
            {
                ThrowHelper.Malformed($"a gzip member header's {what} is longer than {MaxHeaderString} bytes");
            }

            _crc.Append(span[..take]);
            _start += take;
            if (nul >= 0)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Finds and checks the trailer of the member whose deflate data just ended, somewhere in the last piece
    /// handed to the inflater, and leaves the buffer positioned after it.
    /// </summary>
    private async ValueTask ReadTrailerAsync(CancellationToken cancellationToken)
    {
        // Bring the last piece to the front and make sure that the bytes after it are here: the trailer, and
        // the next member's magic number (or the end of the input) at any place the trailer could start.
        _start = _chunkStart;
        var wanted = _chunkLength + TrailerSize + 3;
        await EnsureAsync(wanted, cancellationToken).ConfigureAwait(false);

        var crc = _crc.GetCurrentHashAsUInt32();
        var size = unchecked((uint)_memberBytes);
        var region = _buffer.AsSpan(_start, _end - _start);
        var sizeAndCrcMatch = false;
        for (var at = 0; at <= _chunkLength && at + TrailerSize <= region.Length; at++)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(region[at..]) != crc
                || BinaryPrimitives.ReadUInt32LittleEndian(region[(at + 4)..]) != size)
            {
                continue;
            }

            // The first such place: the inflater used every byte before its end, and later matches are
            // members that follow (identical members have identical trailers).
            sizeAndCrcMatch = true;
            var next = region[(at + TrailerSize)..];
            if ((next.IsEmpty && _innerEnded) || (next.Length >= 3 && next[0] == Id1 && next[1] == Id2 && next[2] == Deflate))
            {
                _start += at + TrailerSize;
                return;
            }
        }

        ThrowHelper.Malformed(sizeAndCrcMatch
            ? "the data after the end of the gzip stream is not another gzip member (trailing garbage)"
            : $"a gzip member's trailer is missing, cut short, or does not match its data (CRC-32 {crc:x8}, {size} bytes)");
    }

    private static void Truncated(string where) =>
        ThrowHelper.Malformed($"the gzip stream ends inside {where} (truncated?)");

    /// <summary>
    /// Makes at least <paramref name="count"/> bytes available from <see cref="_start"/> unless the input
    /// ends first; returns how many are.
    /// </summary>
    private async ValueTask<int> EnsureAsync(int count, CancellationToken cancellationToken)
    {
        if (_end - _start >= count || _innerEnded)
        {
            return _end - _start;
        }

        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        while (_end < count && _end < _buffer.Length)
        {
            var read = await _inner.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                _innerEnded = true;
                break;
            }

            _end += read;
        }

        return _end - _start;
    }

    /// <summary>Hands the inflater the next piece of input, remembering where it was in the buffer.</summary>
    private async ValueTask<int> ReadCompressedAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        var available = await EnsureAsync(1, cancellationToken).ConfigureAwait(false);
        if (available == 0)
        {
            _sourceExhausted = true;
            return 0;
        }

        var count = Math.Min(Math.Min(available, destination.Length), MaxChunk);
        _buffer.AsMemory(_start, count).CopyTo(destination);
        _chunkStart = _start;
        _chunkLength = count;
        _start += count;
        return count;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && _buffer.Length != 0)
        {
            _deflate?.Dispose();
            _deflate = null;
            _source.Dispose();
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }

        base.Dispose(disposing);
    }

    /// <summary>The compressed input as the inflater sees it: pieces of the owner's buffer.</summary>
    private sealed class CompressedSource(GzipReadStream owner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            owner.ReadCompressedAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) =>
            ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
