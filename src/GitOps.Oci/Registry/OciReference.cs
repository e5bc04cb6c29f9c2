using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using GitOps.Artifacts;

namespace GitOps.Oci.Registry;

/// <summary>
/// A reference to a repository in an OCI registry, optionally with a tag or a digest:
/// <c>[oci://]HOST[:PORT]/REPOSITORY[:TAG|@DIGEST]</c>, as <c>flux push artifact</c> and <c>helm pull</c> write it.
/// </summary>
/// <param name="Registry">The registry's host, with its port when one was given (<c>127.0.0.1:5000</c>).</param>
/// <param name="Repository">The repository path inside the registry (<c>charts/podinfo</c>).</param>
/// <param name="Tag">The tag, or null.</param>
/// <param name="Digest">The digest, or null (a reference with both pins the digest: the tag is informational).</param>
public sealed partial record OciReference(string Registry, string Repository, string? Tag = null, Digest? Digest = null)
{
    /// <summary>The URL scheme Flux and Helm use for OCI references.</summary>
    public const string Scheme = "oci://";

    /// <summary>The same repository with another tag (and no digest).</summary>
    public OciReference WithTag(string tag) => this with { Tag = tag, Digest = null };

    /// <summary>The same repository pinned to <paramref name="digest"/> (the tag kept for display).</summary>
    public OciReference WithDigest(Digest digest) => this with { Digest = digest };

    /// <summary>The repository alone, as <c>HOST/REPOSITORY</c>.</summary>
    public string RepositoryName => Registry + "/" + Repository;

    /// <summary>Reads a reference; false when it is not one.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out OciReference? reference, [NotNullWhen(false)] out string? error)
    {
        reference = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "an OCI reference is empty";
            return false;
        }

        var rest = text.StartsWith(Scheme, StringComparison.Ordinal) ? text[Scheme.Length..] : text;
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == rest.Length - 1)
        {
            error = $"'{text}' is not HOST/REPOSITORY[:TAG|@DIGEST]";
            return false;
        }

        var host = rest[..slash];
        var path = rest[(slash + 1)..];
        if (!HostPattern().IsMatch(host))
        {
            error = $"'{host}' is not a registry host[:port]";
            return false;
        }

        Digest? digest = null;
        var at = path.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            var digestText = path[(at + 1)..];
            if (!digestText.Contains(':', StringComparison.Ordinal) || !Artifacts.Digest.TryParse(digestText, out var parsed) || parsed.Algorithm == DigestAlgorithm.Sha1)
            {
                error = $"'{digestText}' is not a digest (sha256:<64 hex>, sha384: or sha512:)";
                return false;
            }

            digest = parsed;
            path = path[..at];
        }

        string? tag = null;
        var colon = path.LastIndexOf(':');
        if (colon >= 0 && colon > path.LastIndexOf('/'))
        {
            tag = path[(colon + 1)..];
            path = path[..colon];
            if (!TagPattern().IsMatch(tag))
            {
                error = $"'{tag}' is not a valid tag ([A-Za-z0-9_][A-Za-z0-9_.-]{{0,127}})";
                return false;
            }
        }

        if (!RepositoryPattern().IsMatch(path))
        {
            error = $"'{path}' is not a valid repository name (lowercase path components separated by /)";
            return false;
        }

        reference = new OciReference(host, path, tag, digest);
        error = null;
        return true;
    }

    /// <summary>Reads a reference.</summary>
    /// <exception cref="FormatException">The text is not a reference.</exception>
    public static OciReference Parse(string text) =>
        TryParse(text, out var reference, out var error) ? reference : throw new FormatException(error);

    /// <summary>The reference as <c>oci://HOST/REPOSITORY[:TAG][@DIGEST]</c>.</summary>
    public override string ToString() =>
        Scheme + RepositoryName + (Tag is null ? string.Empty : ":" + Tag) + (Digest is { } d ? "@" + d : string.Empty);

    // The distribution spec's grammar (docker/distribution reference): path components of lowercase
    // alphanumerics joined by '.', '_', '__' or '-' runs; tags of word characters, dots and dashes.
    [GeneratedRegex(@"^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$", RegexOptions.CultureInvariant)]
    private static partial Regex RepositoryPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$", RegexOptions.CultureInvariant)]
    private static partial Regex HostPattern();
}
