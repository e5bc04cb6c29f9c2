using System.Diagnostics.CodeAnalysis;

namespace GitOps.Artifacts;

/// <summary>
/// What a source was at, in Flux's words: a named reference and the digest of what it pointed to.
/// Written <c>&lt;ref&gt;@&lt;algorithm&gt;:&lt;hex&gt;</c> (<c>main@sha1:…</c>, <c>v1.2.3@sha1:…</c>,
/// <c>latest@sha256:…</c>), <c>&lt;algorithm&gt;:&lt;hex&gt;</c> without a reference, or a bare reference
/// such as a chart version (<c>1.2.3</c>). The legacy form <c>&lt;ref&gt;/&lt;hex&gt;</c> of Flux before v2.0
/// (40 hex digits: sha1, 64: sha256) is read too, and written back in the current form.
/// </summary>
public readonly record struct Revision
{
    /// <summary>Makes a revision from its parts; at least one must be given.</summary>
    /// <exception cref="ArgumentException">Neither part is given, or the reference is blank.</exception>
    public Revision(string? reference, Digest? digest)
    {
        if (reference is not null && string.IsNullOrWhiteSpace(reference))
        {
            throw new ArgumentException("a revision's reference cannot be blank", nameof(reference));
        }

        if (reference is null && (digest is null || digest.Value.IsEmpty))
        {
            throw new ArgumentException("a revision needs a reference, a digest or both", nameof(digest));
        }

        Reference = reference;
        Digest = digest is { IsEmpty: false } ? digest : null;
    }

    /// <summary>The named reference (branch, tag, chart version), or null when the revision is a bare digest.</summary>
    public string? Reference { get; }

    /// <summary>The digest of what the reference pointed to, or null for a bare reference.</summary>
    public Digest? Digest { get; }

    /// <summary>Whether the text was in the legacy <c>&lt;ref&gt;/&lt;hex&gt;</c> form.</summary>
    public bool WasLegacy { get; private init; }

    /// <summary>Reads any of the forms the type describes.</summary>
    /// <exception cref="FormatException">The text is not a revision; the message says why.</exception>
    public static Revision Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var revision)
            ? revision
            : throw new FormatException($"'{text}' is not a revision (<ref>@<algorithm>:<hex>, <algorithm>:<hex>, <ref>/<hex> or <ref>)");
    }

    /// <summary>Reads a revision as <see cref="Parse"/> does, returning false instead of throwing.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out Revision revision)
    {
        revision = default;
        if (string.IsNullOrWhiteSpace(text) || text.Any(char.IsWhiteSpace))
        {
            return false;
        }

        var at = text.LastIndexOf('@');
        if (at >= 0)
        {
            // <ref>@<algorithm>:<hex>; the algorithm prefix is required here.
            var digestText = text[(at + 1)..];
            if (at == 0 || !digestText.Contains(':', StringComparison.Ordinal) || !Artifacts.Digest.TryParse(digestText, out var digest))
            {
                return false;
            }

            revision = new Revision(text[..at], digest);
            return true;
        }

        if (text.Contains(':', StringComparison.Ordinal))
        {
            if (!Artifacts.Digest.TryParse(text, out var bare))
            {
                return false;
            }

            revision = new Revision(null, bare);
            return true;
        }

        var slash = text.LastIndexOf('/');
        if (slash > 0 && TryParseLegacyHash(text[(slash + 1)..], out var legacy))
        {
            // Flux turned "HEAD/<hash>" into a bare "sha1:<hash>".
            var reference = text[..slash];
            revision = new Revision(reference == "HEAD" ? null : reference, legacy) { WasLegacy = true };
            return true;
        }

        if (slash < 0 && text.Length == 40 && TryParseLegacyHash(text, out var commit))
        {
            revision = new Revision(null, commit) { WasLegacy = true };
            return true;
        }

        revision = new Revision(text, null);
        return true;
    }

    private static bool TryParseLegacyHash(string hex, out Digest digest)
    {
        digest = default;
        return hex.Length switch
        {
            40 => Artifacts.Digest.TryParse("sha1:" + hex, out digest),
            64 => Artifacts.Digest.TryParse("sha256:" + hex, out digest),
            _ => false,
        };
    }

    /// <summary>The revision in the current form: <c>ref@algorithm:hex</c>, <c>algorithm:hex</c> or <c>ref</c>.</summary>
    public override string ToString() => (Reference, Digest) switch
    {
        (null, null) => string.Empty,
        ({ } r, null) => r,
        (null, { } d) => d.ToString(),
        ({ } r, { } d) => r + "@" + d,
    };
}
