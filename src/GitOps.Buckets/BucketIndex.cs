using System.Security.Cryptography;
using System.Text;
using GitOps.Artifacts;

namespace GitOps.Buckets;

/// <summary>
/// The objects of a bucket source after the ignore rules, with Flux's revision over them. Flux's
/// source-controller (<c>internal/index</c>) hashes one line <c>&lt;key&gt; &lt;etag&gt;\n</c> per object,
/// keys sorted by their UTF-8 bytes (Go's <c>sort.Strings</c>), with SHA-256; the revision is
/// <c>sha256:&lt;hex&gt;</c> with no reference.
/// </summary>
public sealed class BucketIndex
{
    private BucketIndex(IReadOnlyList<BucketObject> objects, Digest digest)
    {
        Objects = objects;
        Digest = digest;
    }

    /// <summary>The objects, in Flux's order (keys by UTF-8 bytes).</summary>
    public IReadOnlyList<BucketObject> Objects { get; }

    /// <summary>The SHA-256 of the index text (<see cref="ToIndexText"/>).</summary>
    public Digest Digest { get; }

    /// <summary>The revision as Flux writes it for a Bucket: the bare digest, <c>sha256:&lt;hex&gt;</c>.</summary>
    public Revision Revision => new(null, Digest);

    /// <summary>The total of the objects' sizes.</summary>
    public long TotalBytes => Objects.Sum(o => o.Size);

    /// <summary>Makes an index of <paramref name="objects"/> (keys must be unique).</summary>
    /// <exception cref="ArgumentException">Two objects have the same key.</exception>
    public static BucketIndex Create(IEnumerable<BucketObject> objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        var sorted = Sort(objects);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (key, entry) in sorted)
        {
            hash.AppendData(key);
            hash.AppendData(" "u8);
            hash.AppendData(Encoding.UTF8.GetBytes(entry.ETag));
            hash.AppendData("\n"u8);
        }

        return new BucketIndex([.. sorted.Select(e => e.Object)], Digest.FromHash(DigestAlgorithm.Sha256, hash.GetHashAndReset()));
    }

    /// <summary>
    /// Flux's revision of an ETag index (key to ETag, quotes already removed): what source-controller's
    /// <c>Digester.Digest(sha256)</c> returns for it.
    /// </summary>
    public static Digest ComputeDigest(IEnumerable<KeyValuePair<string, string>> etagIndex)
    {
        ArgumentNullException.ThrowIfNull(etagIndex);
        return Create(etagIndex.Select(e => new BucketObject(e.Key, e.Value, 0))).Digest;
    }

    /// <summary>The exact text that is hashed: <c>&lt;key&gt; &lt;etag&gt;\n</c> per object, in order.</summary>
    public string ToIndexText()
    {
        var text = new StringBuilder();
        foreach (var entry in Objects)
        {
            text.Append(entry.Key).Append(' ').Append(entry.ETag).Append('\n');
        }

        return text.ToString();
    }

    private static List<(byte[] Key, BucketObject Object)> Sort(IEnumerable<BucketObject> objects)
    {
        var entries = objects.Select(o => (Key: Encoding.UTF8.GetBytes(o.Key), Object: o)).ToList();
        entries.Sort(static (a, b) => a.Key.AsSpan().SequenceCompareTo(b.Key));
        for (var i = 1; i < entries.Count; i++)
        {
            if (entries[i].Key.AsSpan().SequenceEqual(entries[i - 1].Key))
            {
                throw new ArgumentException($"the key '{entries[i].Object.Key}' is in the index twice", nameof(objects));
            }
        }

        return entries;
    }
}
