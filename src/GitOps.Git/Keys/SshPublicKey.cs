using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using GitOps.Git.Keys.Internal;

namespace GitOps.Git.Keys;

/// <summary>
/// An SSH public key: its wire-format blob (RFC 4253 §6.6), key type and comment, printed as an
/// authorized_keys line and fingerprinted exactly as <c>ssh-keygen -l</c> does.
/// </summary>
public sealed class SshPublicKey : IEquatable<SshPublicKey>
{
    private readonly byte[] _blob;

    private SshPublicKey(byte[] blob, string type, int bits, string comment)
    {
        _blob = blob;
        Type = type;
        Bits = bits;
        Comment = comment;
    }

    /// <summary>The key type as SSH names it: <c>ecdsa-sha2-nistp384</c>, <c>ssh-ed25519</c>, <c>ssh-rsa</c>.</summary>
    public string Type { get; }

    /// <summary>The key size in bits, as <c>ssh-keygen -l</c> prints it (256/384/521 for ECDSA, 256 for Ed25519, the modulus size for RSA).</summary>
    public int Bits { get; }

    /// <summary>The comment after the key on its line (may be empty).</summary>
    public string Comment { get; }

    /// <summary>The public key in SSH wire format (what the base64 of an authorized_keys line decodes to).</summary>
    public ReadOnlyMemory<byte> Blob => _blob;

    /// <summary>The SHA-256 fingerprint, <c>SHA256:</c> and unpadded base64, identical to <c>ssh-keygen -l</c>'s.</summary>
    public string Fingerprint => "SHA256:" + Convert.ToBase64String(SHA256.HashData(_blob)).TrimEnd('=');

    /// <summary>The family name <c>ssh-keygen -l</c> prints in brackets: <c>ECDSA</c>, <c>ED25519</c> or <c>RSA</c>.</summary>
    public string Family => Type switch
    {
        "ssh-ed25519" => "ED25519",
        "ssh-rsa" => "RSA",
        _ => "ECDSA",
    };

    /// <summary>Reads a key from its wire-format blob.</summary>
    /// <param name="blob">The SSH wire encoding of the public key.</param>
    /// <param name="comment">The comment to print after it.</param>
    /// <exception cref="SshKeyException">The blob is not a supported, well-formed public key.</exception>
    public static SshPublicKey FromBlob(ReadOnlySpan<byte> blob, string comment = "")
    {
        ArgumentNullException.ThrowIfNull(comment);
        try
        {
            var reader = new SshWireReader(blob);
            var type = reader.ReadText();
            int bits;
            switch (type)
            {
                case "ssh-ed25519":
                    bits = reader.ReadString().Length == 32 ? 256 : throw new FormatException("an Ed25519 key has 32 bytes");
                    break;
                case "ssh-rsa":
                    _ = reader.ReadMPInt();
                    bits = (int)new BigInteger(reader.ReadMPInt(), isUnsigned: true, isBigEndian: true).GetBitLength();
                    break;
                case "ecdsa-sha2-nistp256" or "ecdsa-sha2-nistp384" or "ecdsa-sha2-nistp521":
                    var curve = reader.ReadText();
                    bits = SshCurves.Bits(curve);
                    if (type != "ecdsa-sha2-" + curve || reader.ReadString().Length != 1 + (2 * ((bits + 7) / 8)))
                    {
                        throw new FormatException("the curve point does not match the key type");
                    }

                    break;
                default:
                    throw new SshKeyException($"unsupported SSH key type '{type}'");
            }

            return reader.IsAtEnd
                ? new SshPublicKey(blob.ToArray(), type, bits, comment)
                : throw new FormatException("trailing bytes after the public key");
        }
        catch (FormatException ex)
        {
            throw new SshKeyException($"malformed SSH public key: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Parses a public key line: <c>type base64 [comment]</c> as in a <c>.pub</c> file, or an authorized_keys
    /// line that may start with options.
    /// </summary>
    /// <param name="line">The line.</param>
    /// <exception cref="SshKeyException">No supported key is on the line.</exception>
    public static SshPublicKey Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var fields = line.Trim().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i + 1 < fields.Length; i++)
        {
            if (!IsKnownType(fields[i]))
            {
                continue;
            }

            var blob = new byte[fields[i + 1].Length];
            if (!Convert.TryFromBase64String(fields[i + 1], blob, out var length))
            {
                throw new SshKeyException($"the {fields[i]} key's base64 is malformed");
            }

            var key = FromBlob(blob.AsSpan(0, length), string.Join(' ', fields.Skip(i + 2)));
            return key.Type == fields[i] ? key : throw new SshKeyException($"the key's type is {key.Type}, the line says {fields[i]}");
        }

        throw new SshKeyException("no SSH public key (type and base64) found on the line");
    }

    /// <summary>Parses every key of an authorized_keys (or allowed keys) text; blank lines and <c>#</c> comments are skipped.</summary>
    /// <param name="text">The text, one key per line.</param>
    /// <exception cref="SshKeyException">A line is not a supported key.</exception>
    public static IReadOnlyList<SshPublicKey> ParseAll(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var keys = new List<SshPublicKey>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length > 0 && line[0] != '#')
            {
                keys.Add(Parse(line));
            }
        }

        return keys;
    }

    /// <summary>The key with another comment.</summary>
    /// <param name="comment">The new comment.</param>
    public SshPublicKey WithComment(string comment)
    {
        ArgumentNullException.ThrowIfNull(comment);
        return new SshPublicKey(_blob, Type, Bits, comment);
    }

    /// <summary>The authorized_keys (and <c>.pub</c> file) line: <c>type base64 comment</c>, without a newline.</summary>
    public string ToAuthorizedKeysLine()
    {
        var line = Type + " " + Convert.ToBase64String(_blob);
        return Comment.Length == 0 ? line : line + " " + Comment;
    }

    /// <summary>What <c>ssh-keygen -l -f</c> prints for this key: <c>384 SHA256:… comment (ECDSA)</c>.</summary>
    public string ToFingerprintLine() => string.Create(
        CultureInfo.InvariantCulture, $"{Bits} {Fingerprint} {(Comment.Length == 0 ? "no comment" : Comment)} ({Family})");

    /// <inheritdoc />
    public bool Equals(SshPublicKey? other) => other is not null && _blob.AsSpan().SequenceEqual(other._blob);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as SshPublicKey);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(_blob);
        return hash.ToHashCode();
    }

    /// <summary>The authorized_keys line.</summary>
    public override string ToString() => ToAuthorizedKeysLine();

    private static bool IsKnownType(string field) =>
        field is "ssh-ed25519" or "ssh-rsa" or "ecdsa-sha2-nistp256" or "ecdsa-sha2-nistp384" or "ecdsa-sha2-nistp521";
}
