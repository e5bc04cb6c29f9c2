using System.Text;

namespace GitOps.Git.Signatures;

/// <summary>
/// A Git commit or tag split into the bytes that were signed and the signature, from the object's raw content
/// (what <c>git cat-file commit|tag</c> prints, or LibGit2Sharp's object database gives): a commit's signature is its
/// <c>gpgsig</c> header, removed with its continuation lines; a tag's is the armoured block that ends its message.
/// </summary>
public sealed class GitSignedObject
{
    private static readonly string[] Armours = ["-----BEGIN PGP SIGNATURE-----", "-----BEGIN PGP MESSAGE-----", "-----BEGIN SSH SIGNATURE-----", "-----BEGIN SIGNED MESSAGE-----"];

    private static readonly byte[][] ArmourBytes = [.. Armours.Select(Encoding.ASCII.GetBytes)];

    private GitSignedObject(ReadOnlyMemory<byte> payload, string signature)
    {
        Payload = payload;
        Signature = signature;
        Format = FormatOf(signature);
    }

    /// <summary>The signed bytes: the object without its signature.</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary>The armoured signature, or empty when the object is not signed.</summary>
    public string Signature { get; }

    /// <summary>The signature's format.</summary>
    public GitSignatureFormat Format { get; }

    /// <summary>Whether the object carries a signature.</summary>
    public bool IsSigned => Signature.Length > 0;

    /// <summary>Splits a commit's raw content into payload and <c>gpgsig</c> signature.</summary>
    /// <param name="content">The commit object's content, without the <c>commit &lt;size&gt;\0</c> object header.</param>
    public static GitSignedObject FromCommit(ReadOnlyMemory<byte> content)
    {
        // As git's parse_buffer_signed_by_header in a SHA-1 repository: "gpgsig" headers (and their continuation
        // lines) are the signature; other "gpgsig…" headers, such as gpgsig-sha256, are left out of the payload too.
        var span = content.Span;
        var payload = new List<byte>(span.Length);
        var signature = new StringBuilder();
        var inSignature = false;
        var otherSignature = false;
        var position = 0;
        while (position < span.Length)
        {
            var end = span[position..].IndexOf((byte)'\n');
            var lineLength = end < 0 ? span.Length - position : end + 1;
            var line = span.Slice(position, lineLength);
            ReadOnlySpan<byte> value = default;
            var isSignature = false;
            if (inSignature && line[0] == (byte)' ')
            {
                value = line[1..];
                isSignature = true;
            }
            else if (line.StartsWith("gpgsig "u8))
            {
                value = line["gpgsig ".Length..];
                isSignature = true;
                otherSignature = false;
            }
            else if (line.StartsWith("gpgsig"u8))
            {
                otherSignature = true;
            }
            else if (otherSignature && line[0] != (byte)' ')
            {
                otherSignature = false;
            }

            if (isSignature)
            {
                signature.Append(Encoding.UTF8.GetString(value));
                inSignature = true;
            }
            else
            {
                if (line[0] == (byte)'\n')
                {
                    // The blank line ends the headers: the message follows, signed as it is.
                    lineLength = span.Length - position;
                    line = span[position..];
                }

                if (!otherSignature)
                {
                    payload.AddRange(line);
                }

                inSignature = false;
            }

            position += lineLength;
        }

        return new GitSignedObject(payload.ToArray(), signature.ToString());
    }

    /// <summary>Splits a tag's raw content into payload and the signature at the end of its message.</summary>
    /// <param name="content">The tag object's content, without the <c>tag &lt;size&gt;\0</c> object header.</param>
    public static GitSignedObject FromTag(ReadOnlyMemory<byte> content)
    {
        // As git's parse_signed_buffer: the signature starts at the last line that opens with a known armour.
        var span = content.Span;
        var match = span.Length;
        for (var position = 0; position < span.Length;)
        {
            if (StartsWithArmour(span[position..]))
            {
                match = position;
            }

            var end = span[position..].IndexOf((byte)'\n');
            position = end < 0 ? span.Length : position + end + 1;
        }

        return new GitSignedObject(content[..match], Encoding.UTF8.GetString(span[match..]));
    }

    /// <summary>The format of an armoured signature.</summary>
    /// <param name="signature">The signature text.</param>
    public static GitSignatureFormat FormatOf(string signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        var trimmed = signature.TrimStart();
        if (trimmed.Length == 0)
        {
            return GitSignatureFormat.None;
        }

        if (trimmed.StartsWith(Armours[0], StringComparison.Ordinal) || trimmed.StartsWith(Armours[1], StringComparison.Ordinal))
        {
            return GitSignatureFormat.Pgp;
        }

        return trimmed.StartsWith(Armours[2], StringComparison.Ordinal) ? GitSignatureFormat.Ssh : GitSignatureFormat.Unknown;
    }

    private static bool StartsWithArmour(ReadOnlySpan<byte> line)
    {
        foreach (var armour in ArmourBytes)
        {
            if (line.StartsWith(armour))
            {
                return true;
            }
        }

        return false;
    }
}
