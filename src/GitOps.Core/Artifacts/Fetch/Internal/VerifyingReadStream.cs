using System.Buffers;
using System.Security.Cryptography;

namespace GitOps.Artifacts.Fetch.Internal;

/// <summary>
/// A read-only pass-through over an HTTP body that hashes every byte, stops at the download limit, reports
/// progress, checks the inactivity timeout and minimum rate through <see cref="InactivityTimeoutStream"/>, and turns read failures into transient <see cref="ArtifactTransportException"/>s (so that the
/// failures of local disks above it are never mistaken for network ones).
/// </summary>
internal sealed class VerifyingReadStream : Stream
{
    private const long ProgressStep = 256 * 1024;
    private const int ChunkSize = 128 * 1024;

    private readonly Stream _inner;
    private readonly IncrementalHash _hash;
    private readonly DigestAlgorithm _algorithm;
    private readonly long _maxBytes;
    private readonly long? _totalBytes;
    private readonly IProgress<FetchProgress>? _progress;
    private readonly int _attempt;
    private readonly byte[] _chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
    private long _nextReport = ProgressStep;
    private bool _ended;
    private int _offset;
    private int _available;
    private bool _disposed;

    public VerifyingReadStream(Stream inner, DigestAlgorithm algorithm, long maxBytes, long? totalBytes, IProgress<FetchProgress>? progress, int attempt)
        : this(inner, algorithm, maxBytes, totalBytes, progress, attempt, System.Threading.Timeout.InfiniteTimeSpan, 0, TimeProvider.System)
    {
    }

    /// <summary>A body read that also fails (transiently) when nothing arrives for <paramref name="inactivity"/>, or less than <paramref name="minimumBytesPerSecond"/> on average over any such window.</summary>
    public VerifyingReadStream(Stream inner, DigestAlgorithm algorithm, long maxBytes, long? totalBytes, IProgress<FetchProgress>? progress, int attempt, TimeSpan inactivity, long minimumBytesPerSecond, TimeProvider time)
    {
        _inner = inactivity == System.Threading.Timeout.InfiniteTimeSpan
            ? inner
            : new InactivityTimeoutStream(inner, inactivity, minimumBytesPerSecond, time, InactivityTimeoutStream.TransportException, leaveOpen: true);
        _algorithm = algorithm;
        _hash = IncrementalHash.CreateHash(Digest.ToHashAlgorithmName(algorithm));
        _maxBytes = maxBytes;
        _totalBytes = totalBytes;
        _progress = progress;
        _attempt = attempt;
    }

    /// <summary>Bytes read so far.</summary>
    public long BytesRead { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    /// <summary>The digest of everything read; call once the body has been read to its end.</summary>
    public Digest GetDigest() => Digest.FromHash(_algorithm, _hash.GetHashAndReset());

    /// <summary>Reads the rest of the body through the hash, so that the digest covers every byte served.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            while (await ReadAsync(buffer, cancellationToken).ConfigureAwait(false) > 0)
            {
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        // The reader above may ask for little at a time (the gzip reader up to 64 KiB, a plain download
        // less); reading the socket in larger chunks saves most of the asynchronous round trips (and
        // thread-pool hops) per artifact.
        if (_available == 0)
        {
            if (_ended)
            {
                return 0;
            }

            _offset = 0;
            _available = await FillAsync(cancellationToken).ConfigureAwait(false);
            if (_available == 0)
            {
                return 0;
            }
        }

        var count = Math.Min(buffer.Length, _available);
        _chunk.AsMemory(_offset, count).CopyTo(buffer);
        _offset += count;
        _available -= count;
        return count;
    }

    private async ValueTask<int> FillAsync(CancellationToken cancellationToken)
    {
        // Never ask for more than one byte past the limit: enough to notice it is crossed, no more.
        // (Written so that a limit of long.MaxValue cannot overflow.)
        var room = _maxBytes - BytesRead;
        var target = _chunk.AsMemory(0, room >= _chunk.Length ? _chunk.Length : (int)room + 1);
        int read;
        try
        {
            // The inactivity timeout and minimum rate (when asked for) are checked by the InactivityTimeoutStream below.
            read = await _inner.ReadAsync(target, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or OperationCanceledException or ObjectDisposedException)
        {
            throw new ArtifactTransportException($"the connection failed while reading the body after {BytesRead} bytes: {ex.Message}", isTransient: true, innerException: ex);
        }

        return Account(_chunk.AsSpan(0, read));
    }

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

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Account(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            _ended = true;
            _progress?.Report(new FetchProgress(BytesRead, _totalBytes, _attempt));
            return 0;
        }

        BytesRead += data.Length;
        if (BytesRead > _maxBytes)
        {
            throw new ArtifactTooLargeException(ArtifactLimit.DownloadBytes, _maxBytes);
        }

        _hash.AppendData(data);
        if (_progress is not null && BytesRead >= _nextReport)
        {
            _nextReport = BytesRead + ProgressStep;
            _progress.Report(new FetchProgress(BytesRead, _totalBytes, _attempt));
        }

        return data.Length;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            if (_inner is InactivityTimeoutStream guard)
            {
                guard.Dispose();
            }

            _hash.Dispose();
            ArrayPool<byte>.Shared.Return(_chunk);
        }

        base.Dispose(disposing);
    }
}
