using System.Security.Cryptography;

namespace GitOps.Helm.Index.Internal;

/// <summary>
/// Reads through to an inner stream, hashing every byte (SHA-256) and refusing to go past a byte limit:
/// the read that would exceed it throws, so an over-cap index costs at most the limit in reading and
/// nothing in memory.
/// </summary>
internal sealed class CappedHashingStream(Stream inner, long maxBytes, CancellationToken cancellationToken) : Stream
{
    private IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

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

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        cancellationToken.ThrowIfCancellationRequested();

        // Ask for one byte more than the cap allows, so that an exactly-at-cap document still loads.
        var allowed = maxBytes - BytesRead + 1;
        if (buffer.Length > allowed)
        {
            buffer = buffer[..(int)allowed];
        }

        var n = inner.Read(buffer);
        BytesRead += n;
        if (BytesRead > maxBytes)
        {
            throw new HelmIndexException(HelmIndexErrorKind.TooLarge, $"index is larger than the {maxBytes}-byte limit (MaxIndexBytes)");
        }

        _hash.AppendData(buffer[..n]);
        return n;
    }

    /// <summary>Starts over after the inner stream was rewound (the JSON attempt failed and the document is re-read as YAML).</summary>
    public void Restart()
    {
        BytesRead = 0;
        _hash.Dispose();
        _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    }

    /// <summary>Reads and hashes whatever is left, still within the cap.</summary>
    public void Drain()
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            while (Read(buffer, 0, buffer.Length) > 0)
            {
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public string Digest() => "sha256:" + Convert.ToHexStringLower(_hash.GetCurrentHash());

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }
}
