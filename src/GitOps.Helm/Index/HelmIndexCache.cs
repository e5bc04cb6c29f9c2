using System.Security.Cryptography;

namespace GitOps.Helm.Index;

/// <summary>
/// Parsed indexes keyed by the SHA-256 digest of their bytes (and the loader's chart filter), so that an
/// unchanged index is never parsed twice. A rewindable stream is hashed first and parsed only on a miss; a
/// stream that cannot rewind (an HTTP body) is first spooled to a temporary file within the size limit. Holds at most <see cref="Capacity"/> indexes, dropping
/// the least recently used. Thread-safe.
/// </summary>
public sealed class HelmIndexCache
{
    private readonly HelmIndexLoader _loader;
    private readonly Lock _lock = new();
    private readonly LinkedList<(string Key, HelmIndex Index)> _order = new();
    private readonly Dictionary<string, LinkedListNode<(string Key, HelmIndex Index)>> _entries = new(StringComparer.Ordinal);

    /// <summary>Creates a cache over <paramref name="loader"/>.</summary>
    /// <param name="loader">Loads on a miss.</param>
    /// <param name="capacity">How many parsed indexes to keep. Default 8.</param>
    public HelmIndexCache(HelmIndexLoader loader, int capacity = 8)
    {
        ArgumentNullException.ThrowIfNull(loader);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _loader = loader;
        Capacity = capacity;
    }

    /// <summary>How many parsed indexes are kept at most.</summary>
    public int Capacity { get; }

    /// <summary>How many times an index was served without parsing.</summary>
    public long Hits { get; private set; }

    /// <summary>How many times an index was parsed.</summary>
    public long Misses { get; private set; }

    /// <summary>The parsed index with digest <paramref name="digest"/> (<c>sha256:hex</c>), if cached.</summary>
    public bool TryGet(string digest, out HelmIndex? index)
    {
        ArgumentNullException.ThrowIfNull(digest);
        lock (_lock)
        {
            if (_entries.TryGetValue(Key(digest), out var node))
            {
                _order.Remove(node);
                _order.AddFirst(node);
                Hits++;
                index = node.Value.Index;
                return true;
            }
        }

        index = null;
        return false;
    }

    /// <summary>The index in <paramref name="stream"/>, parsed only if no index with the same bytes is cached.</summary>
    /// <exception cref="HelmIndexException">The document is refused, or larger than the limit.</exception>
    public async Task<HelmIndex> GetOrLoadAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek)
        {
            // Spool to disk (within the cap) so the digest is known before deciding to parse.
            var spool = new FileStream(Path.GetTempFileName(), FileMode.Open, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
            await using (spool.ConfigureAwait(false))
            {
                await CopyCappedAsync(stream, spool, _loader.Options.MaxIndexBytes, cancellationToken).ConfigureAwait(false);
                spool.Position = 0;
                return await GetOrLoadAsync(spool, cancellationToken).ConfigureAwait(false);
            }
        }

        {
            var start = stream.Position;
            if (stream.Length - start > _loader.Options.MaxIndexBytes)
            {
                throw new HelmIndexException(HelmIndexErrorKind.TooLarge, $"index is larger than the {_loader.Options.MaxIndexBytes}-byte limit (MaxIndexBytes)");
            }

            var hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
            if (TryGet("sha256:" + Convert.ToHexStringLower(hash), out var cached))
            {
                return cached!;
            }

            stream.Position = start;
        }

        var index = await _loader.LoadAsync(stream, cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            Misses++;
            var key = Key(index.Digest);
            if (_entries.TryGetValue(key, out var existing))
            {
                _order.Remove(existing);
            }

            var node = _order.AddFirst((key, index));
            _entries[key] = node;
            while (_entries.Count > Capacity)
            {
                var last = _order.Last!;
                _order.RemoveLast();
                _entries.Remove(last.Value.Key);
            }
        }

        return index;
    }

    private static async Task CopyCappedAsync(Stream source, Stream destination, long maxBytes, CancellationToken cancellationToken)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            long total = 0;
            int n;
            while ((n = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += n;
                if (total > maxBytes)
                {
                    throw new HelmIndexException(HelmIndexErrorKind.TooLarge, $"index is larger than the {maxBytes}-byte limit (MaxIndexBytes)");
                }

                await destination.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private string Key(string digest) =>
        _loader.Options.ChartNames is { } names ? digest + "|" + string.Join(',', names.Order(StringComparer.Ordinal)) : digest;
}
