namespace GitOps.Artifacts.Fetch.Internal;

/// <summary>
/// A read-only pass-through over a network body that fails when the server sends nothing for the inactivity
/// timeout, or less than the minimum rate averaged over a whole such window (so that a server trickling a byte at
/// a time cannot hold a download for its whole total timeout). The one stall check of every download: the
/// artifact fetcher (and so Helm), OCI blobs, manifests and tag lists, and bucket objects. Each caller says which
/// typed exception a stall becomes; every other failure of the body passes through as it is.
/// </summary>
internal sealed class InactivityTimeoutStream : Stream
{
    private readonly Stream _inner;
    private readonly TimeSpan _inactivity;
    private readonly long _minimumBytesPerWindow;
    private readonly TimeProvider _time;
    private readonly Func<string, Exception?, Exception> _stalled;
    private readonly bool _leaveOpen;
    private long _windowStart;
    private long _windowBytes;

    /// <param name="inner">The body.</param>
    /// <param name="inactivity">How long one read may wait (<see cref="Timeout.InfiniteTimeSpan"/> for ever), and the window of the rate check.</param>
    /// <param name="minimumBytesPerSecond">The slowest average accepted over a window; 0 disables the check.</param>
    /// <param name="time">The clock of the rate check.</param>
    /// <param name="stalled">Makes the caller's typed exception from a message (naming the option) and the cancellation behind it, if any.</param>
    /// <param name="leaveOpen">Whether disposing leaves <paramref name="inner"/> open.</param>
    public InactivityTimeoutStream(Stream inner, TimeSpan inactivity, long minimumBytesPerSecond, TimeProvider time, Func<string, Exception?, Exception> stalled, bool leaveOpen = false)
    {
        _inner = inner;
        _inactivity = inactivity;
        _minimumBytesPerWindow = inactivity == Timeout.InfiniteTimeSpan ? 0 : (long)(minimumBytesPerSecond * inactivity.TotalSeconds);
        _time = time;
        _stalled = stalled;
        _leaveOpen = leaveOpen;
        _windowStart = time.GetTimestamp();
    }

    /// <summary>
    /// The artifact fetcher's form of a stall: a transient transport failure whose cause is a <see cref="TimeoutException"/>,
    /// by which callers that wrap the fetcher (the OCI layer pull) tell a stall from a dropped connection.
    /// </summary>
    public static Exception TransportException(string message, Exception? innerException) =>
        new ArtifactTransportException(message, isTransient: true, innerException: new TimeoutException(message, innerException));

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

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read;
        using var idle = _inactivity == Timeout.InfiniteTimeSpan ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        idle?.CancelAfter(_inactivity);
        try
        {
            read = await _inner.ReadAsync(buffer, idle?.Token ?? cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (idle is { IsCancellationRequested: true } && ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Some bodies (HttpClient's among them) report a cancelled read as IOException or a disposed stream.
            throw _stalled($"the server sent nothing for {_inactivity.TotalSeconds:0.###} s after {BytesRead} bytes (InactivityTimeout)", ex);
        }

        CheckRate(read);
        BytesRead += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        // Readers above are asynchronous; a synchronous read goes through the same checks.
        var rented = System.Buffers.ArrayPool<byte>.Shared.Rent(buffer.Length);
        try
        {
            var read = ReadAsync(rented.AsMemory(0, buffer.Length)).AsTask().GetAwaiter().GetResult();
            rented.AsSpan(0, read).CopyTo(buffer);
            return read;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Fails when a whole inactivity window went by with less than the minimum rate's worth of bytes.</summary>
    private void CheckRate(int read)
    {
        if (_minimumBytesPerWindow <= 0)
        {
            return;
        }

        _windowBytes += read;
        var now = _time.GetTimestamp();
        if (_time.GetElapsedTime(_windowStart, now) < _inactivity)
        {
            return;
        }

        if (_windowBytes < _minimumBytesPerWindow && read > 0)
        {
            throw _stalled(
                $"the server sent {_windowBytes} bytes in {_inactivity.TotalSeconds:0.###} s, slower than the minimum of {_minimumBytesPerWindow / _inactivity.TotalSeconds:0} bytes/s (MinimumBytesPerSecond)",
                null);
        }

        _windowStart = now;
        _windowBytes = 0;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_leaveOpen)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (!_leaveOpen)
        {
            await _inner.DisposeAsync().ConfigureAwait(false);
        }

        await base.DisposeAsync().ConfigureAwait(false);
    }
}
