using System.Security.Cryptography;

namespace GitOps.Artifacts.Packaging.Internal;

/// <summary>
/// A write-only pass-through that hashes and counts what is written, and pins the gzip header's OS byte
/// (offset 9) to 255, "unknown", as Go's gzip writer does, so that the same tree packs to the same bytes
/// on every operating system.
/// </summary>
internal sealed class HashingWriteStream(Stream inner) : Stream
{
    private const int OsByteOffset = 9;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public long BytesWritten { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => BytesWritten;

    public override long Position
    {
        get => BytesWritten;
        set => throw new NotSupportedException();
    }

    public Digest GetDigest() => Digest.FromHash(DigestAlgorithm.Sha256, _hash.GetHashAndReset());

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (BytesWritten <= OsByteOffset && BytesWritten + buffer.Length > OsByteOffset)
        {
            var copy = buffer.ToArray();
            copy[OsByteOffset - BytesWritten] = 0xFF;
            Forward(copy);
            return;
        }

        Forward(buffer);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Forward(ReadOnlySpan<byte> data)
    {
        _hash.AppendData(data);
        inner.Write(data);
        BytesWritten += data.Length;
    }
}
