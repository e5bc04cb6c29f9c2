using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace GitOps.Artifacts;

/// <summary>
/// A content digest written <c>&lt;algorithm&gt;:&lt;hex&gt;</c>, as in OCI and Flux
/// (<c>sha256:3f0a…</c>). The hex is lowercase and exactly as long as the algorithm's hash; a digest written
/// without an algorithm prefix is read as sha256. Equality compares in constant time, so comparing a
/// computed digest against an expected one leaks nothing through timing.
/// </summary>
public readonly record struct Digest
{
    private readonly string? _hex;

    private Digest(DigestAlgorithm algorithm, string hex)
    {
        Algorithm = algorithm;
        _hex = hex;
    }

    /// <summary>The algorithm that produced the hash.</summary>
    public DigestAlgorithm Algorithm { get; }

    /// <summary>The hash as lowercase hex (empty for <c>default(Digest)</c>).</summary>
    public string Hex => _hex ?? string.Empty;

    /// <summary>Whether this is <c>default(Digest)</c>, which names no content.</summary>
    public bool IsEmpty => _hex is null;

    /// <summary>The algorithm's name as written in digests: <c>sha256</c>, <c>sha384</c>, <c>sha512</c> or <c>sha1</c>.</summary>
    public static string GetAlgorithmName(DigestAlgorithm algorithm) => algorithm switch
    {
        DigestAlgorithm.Sha256 => "sha256",
        DigestAlgorithm.Sha384 => "sha384",
        DigestAlgorithm.Sha512 => "sha512",
        DigestAlgorithm.Sha1 => "sha1",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unknown digest algorithm"),
    };

    /// <summary>The number of hex digits a hash of <paramref name="algorithm"/> has.</summary>
    public static int GetHexLength(DigestAlgorithm algorithm) => algorithm switch
    {
        DigestAlgorithm.Sha256 => 64,
        DigestAlgorithm.Sha384 => 96,
        DigestAlgorithm.Sha512 => 128,
        DigestAlgorithm.Sha1 => 40,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unknown digest algorithm"),
    };

    /// <summary>Makes a digest from a hash already computed with <paramref name="algorithm"/>.</summary>
    /// <exception cref="ArgumentException">The hash has the wrong length for the algorithm.</exception>
    public static Digest FromHash(DigestAlgorithm algorithm, ReadOnlySpan<byte> hash)
    {
        if (hash.Length * 2 != GetHexLength(algorithm))
        {
            throw new ArgumentException($"a {GetAlgorithmName(algorithm)} hash is {GetHexLength(algorithm) / 2} bytes, not {hash.Length}", nameof(hash));
        }

        return new Digest(algorithm, Convert.ToHexStringLower(hash));
    }

    /// <summary>Hashes <paramref name="data"/> with <paramref name="algorithm"/> (sha256 unless said).</summary>
    public static Digest Compute(ReadOnlySpan<byte> data, DigestAlgorithm algorithm = DigestAlgorithm.Sha256)
    {
        Span<byte> hash = stackalloc byte[64];
        var written = algorithm switch
        {
            DigestAlgorithm.Sha256 => SHA256.HashData(data, hash),
            DigestAlgorithm.Sha384 => SHA384.HashData(data, hash),
            DigestAlgorithm.Sha512 => SHA512.HashData(data, hash),
#pragma warning disable CA5350 // SHA-1 names Git commits here; it never verifies content.
            DigestAlgorithm.Sha1 => SHA1.HashData(data, hash),
#pragma warning restore CA5350
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unknown digest algorithm"),
        };
        return FromHash(algorithm, hash[..written]);
    }

    /// <summary>Hashes a stream to its end with <paramref name="algorithm"/> (sha256 unless said).</summary>
    public static async Task<Digest> ComputeAsync(Stream stream, DigestAlgorithm algorithm = DigestAlgorithm.Sha256, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var hash = IncrementalHash.CreateHash(ToHashAlgorithmName(algorithm));
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }

        return FromHash(algorithm, hash.GetHashAndReset());
    }

    /// <summary>
    /// Reads <c>&lt;algorithm&gt;:&lt;hex&gt;</c>, or bare hex as sha256.
    /// </summary>
    /// <exception cref="FormatException">The text is not a valid digest; the message says why.</exception>
    public static Digest Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var digest, out var error) ? digest : throw new FormatException(error);
    }

    /// <summary>Reads a digest as <see cref="Parse"/> does, returning false instead of throwing.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out Digest digest) => TryParse(text, out digest, out _);

    private static bool TryParse(string? text, out Digest digest, out string error)
    {
        digest = default;
        if (string.IsNullOrEmpty(text))
        {
            error = "a digest is <algorithm>:<hex>; got an empty string";
            return false;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        DigestAlgorithm algorithm;
        string hex;
        if (colon < 0)
        {
            algorithm = DigestAlgorithm.Sha256;
            hex = text;
        }
        else
        {
            var name = text[..colon];
            if (!TryParseAlgorithm(name, out algorithm))
            {
                error = $"unsupported digest algorithm '{name}' in '{text}' (sha256, sha384, sha512 or sha1)";
                return false;
            }

            hex = text[(colon + 1)..];
        }

        var expected = GetHexLength(algorithm);
        if (hex.Length != expected)
        {
            error = $"a {GetAlgorithmName(algorithm)} digest has {expected} hex digits, '{text}' has {hex.Length}";
            return false;
        }

        foreach (var c in hex)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                error = $"a digest's hex is lowercase 0-9a-f; '{text}' has '{c}'";
                return false;
            }
        }

        digest = new Digest(algorithm, hex);
        error = string.Empty;
        return true;
    }

    /// <summary>Reads an algorithm name (<c>sha256</c>, <c>sha384</c>, <c>sha512</c>, <c>sha1</c>).</summary>
    public static bool TryParseAlgorithm(string? name, out DigestAlgorithm algorithm)
    {
        switch (name)
        {
            case "sha256":
                algorithm = DigestAlgorithm.Sha256;
                return true;
            case "sha384":
                algorithm = DigestAlgorithm.Sha384;
                return true;
            case "sha512":
                algorithm = DigestAlgorithm.Sha512;
                return true;
            case "sha1":
                algorithm = DigestAlgorithm.Sha1;
                return true;
            default:
                algorithm = default;
                return false;
        }
    }

    /// <summary>The <see cref="HashAlgorithmName"/> to hash with for <paramref name="algorithm"/>.</summary>
    public static HashAlgorithmName ToHashAlgorithmName(DigestAlgorithm algorithm) => algorithm switch
    {
        DigestAlgorithm.Sha256 => HashAlgorithmName.SHA256,
        DigestAlgorithm.Sha384 => HashAlgorithmName.SHA384,
        DigestAlgorithm.Sha512 => HashAlgorithmName.SHA512,
        DigestAlgorithm.Sha1 => HashAlgorithmName.SHA1,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unknown digest algorithm"),
    };

    /// <summary>Compares algorithm and hash; the hash comparison takes the same time wherever they differ.</summary>
    public bool Equals(Digest other)
    {
        if (_hex is null || other._hex is null)
        {
            return _hex is null && other._hex is null;
        }

        // Evaluate both parts unconditionally so that the time taken does not depend on where they differ.
        var sameAlgorithm = Algorithm == other.Algorithm;
        var sameHash = _hex.Length == other._hex.Length
            && CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(_hex.AsSpan()), MemoryMarshal.AsBytes(other._hex.AsSpan()));
        return sameAlgorithm & sameHash;
    }

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Algorithm, _hex is null ? 0 : StringComparer.Ordinal.GetHashCode(_hex));

    /// <summary>The digest as <c>&lt;algorithm&gt;:&lt;hex&gt;</c> (empty for <c>default(Digest)</c>).</summary>
    public override string ToString() => _hex is null ? string.Empty : GetAlgorithmName(Algorithm) + ":" + _hex;
}
