using System.Text.RegularExpressions;

namespace GitOps.Git.Internal;

/// <summary>The transports a Git URL can name.</summary>
internal enum GitTransport
{
    File,
    Git,
    Http,
    Https,
    Ssh,
}

/// <summary>A Git remote URL read once: its transport and a form safe to show.</summary>
internal sealed partial class GitUrl
{
    private GitUrl(string original, GitTransport transport, string redacted)
    {
        Original = original;
        Transport = transport;
        Redacted = redacted;
    }

    /// <summary>The URL as given (may carry credentials: never log it).</summary>
    public string Original { get; }

    public GitTransport Transport { get; }

    /// <summary>The URL with any user info and query masked.</summary>
    public string Redacted { get; }

    public bool IsHttp => Transport is GitTransport.Http or GitTransport.Https;

    /// <exception cref="ArgumentException">Not a URL git can clone from.</exception>
    public static GitUrl Parse(string url)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        if (url.StartsWith('-') || url.Any(char.IsControl))
        {
            throw new ArgumentException("not a Git URL", nameof(url));
        }

        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme.Length > 1)
        {
            var transport = uri.Scheme switch
            {
                "file" => GitTransport.File,
                "git" => GitTransport.Git,
                "http" => GitTransport.Http,
                "https" => GitTransport.Https,
                "ssh" or "git+ssh" or "ssh+git" => GitTransport.Ssh,
                _ => throw new ArgumentException($"unsupported Git URL scheme '{uri.Scheme}'", nameof(url)),
            };
            return new GitUrl(url, transport, Redact(uri));
        }

        if (ScpLike().Match(url) is { Success: true } m)
        {
            return new GitUrl(url, GitTransport.Ssh, (m.Groups["user"].Success ? m.Groups["user"].Value + "@" : string.Empty) + m.Groups["rest"].Value);
        }

        if (Path.IsPathRooted(url))
        {
            return new GitUrl(url, GitTransport.File, url);
        }

        throw new ArgumentException("not a Git URL (use scheme://…, user@host:path or an absolute path)", nameof(url));
    }

    private static string Redact(Uri uri)
    {
        if (uri.UserInfo.Length == 0 && uri.Query.Length == 0)
        {
            return uri.OriginalString;
        }

        var builder = new UriBuilder(uri);
        if (builder.Password.Length > 0)
        {
            builder.UserName = "***";
            builder.Password = string.Empty;
        }

        if (builder.Query.Length > 1)
        {
            builder.Query = "***";
        }

        return builder.Uri.ToString();
    }

    public override string ToString() => Redacted;

    [GeneratedRegex(@"^(?:(?<user>[^@/:]+)@)?(?<rest>[^/:]+:(?!//).*)$")]
    private static partial Regex ScpLike();
}
