using System.Buffers;

namespace GitOps.Cli.Commands;

/// <summary>
/// A buffer writer that hands its bytes on to a stream about every 64 KiB, so a build's output is never held whole in
/// memory (a 3 MiB YAML output buffered whole grows through 4 MiB of doubling arrays before a byte is printed).
/// Call <see cref="Flush"/> after the last write.
/// </summary>
internal sealed class ChunkedStreamWriter(Stream stream) : IBufferWriter<byte>
{
    private const int ChunkBytes = 64 * 1024;
    private readonly ArrayBufferWriter<byte> _chunk = new(ChunkBytes * 2);

    /// <inheritdoc />
    public void Advance(int count)
    {
        _chunk.Advance(count);
        if (_chunk.WrittenCount >= ChunkBytes)
        {
            Flush();
        }
    }

    /// <inheritdoc />
    public Memory<byte> GetMemory(int sizeHint = 0) => _chunk.GetMemory(sizeHint);

    /// <inheritdoc />
    public Span<byte> GetSpan(int sizeHint = 0) => _chunk.GetSpan(sizeHint);

    /// <summary>Writes what is buffered to the stream.</summary>
    public void Flush()
    {
        stream.Write(_chunk.WrittenSpan);
        _chunk.ResetWrittenCount();
        stream.Flush();
    }
}
