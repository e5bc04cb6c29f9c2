namespace GitOps.ImageAutomation.Setters;

/// <summary>
/// An image reference as an ImagePolicy reports it (<c>status.latestRef</c>): repository name, tag and
/// optional digest; <see cref="ToString"/> is Flux's <c>name:tag[@digest]</c>.
/// </summary>
/// <param name="Name">The repository, for example <c>ghcr.io/org/app</c>.</param>
/// <param name="Tag">The tag.</param>
/// <param name="Digest">The manifest digest (<c>sha256:…</c>), if known.</param>
public sealed record ImageRef(string Name, string Tag, string? Digest = null)
{
    /// <summary>Reads <c>NAME:TAG[@DIGEST]</c>.</summary>
    /// <exception cref="FormatException">There is no name or no tag, or a part has characters image references cannot hold.</exception>
    public static ImageRef Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var rest = text;
        string? digest = null;
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            digest = rest[(at + 1)..];
            rest = rest[..at];
            var colon = digest.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || colon == digest.Length - 1 || !digest.All(c => char.IsAsciiLetterOrDigit(c) || c is ':' or '+' or '.' or '_' or '-'))
            {
                throw new FormatException($"encountered invalid image ref \"{text}\": invalid digest");
            }
        }

        var tagColon = rest.LastIndexOf(':');
        if (tagColon <= 0 || tagColon < rest.LastIndexOf('/') || tagColon == rest.Length - 1)
        {
            throw new FormatException($"encountered invalid image ref \"{text}\": expected NAME:TAG[@DIGEST]");
        }

        var name = rest[..tagColon];
        var tag = rest[(tagColon + 1)..];
        if (tag.Length > 128 || !(char.IsAsciiLetterOrDigit(tag[0]) || tag[0] == '_') || !tag.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-'))
        {
            throw new FormatException($"encountered invalid image ref \"{text}\": invalid tag");
        }

        if (name.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '@' or '"'))
        {
            throw new FormatException($"encountered invalid image ref \"{text}\": invalid repository name");
        }

        return new ImageRef(name, tag, digest);
    }

    /// <summary><c>name:tag</c>, with <c>@digest</c> when there is one.</summary>
    public override string ToString() => string.IsNullOrEmpty(Digest) ? $"{Name}:{Tag}" : $"{Name}:{Tag}@{Digest}";
}
