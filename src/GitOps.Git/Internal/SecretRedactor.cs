using GitOps.Git.Auth;

namespace GitOps.Git.Internal;

/// <summary>Masks every secret of a call in text that came back from git, ssh or libgit2 before it reaches a message or log.</summary>
internal sealed class SecretRedactor
{
    private readonly string[] _secrets;
    private readonly GitUrl _url;

    public SecretRedactor(GitUrl url, GitAuth? auth)
    {
        _url = url;
        _secrets = new[] { auth?.Password, auth?.BearerToken, auth?.SshPassphrase, url.Original }
            .Where(s => !string.IsNullOrEmpty(s) && s.Length >= 3)
            .Select(s => s!)
            .OrderByDescending(s => s.Length)
            .ToArray();
    }

    public string Redact(string text)
    {
        foreach (var secret in _secrets)
        {
            text = text.Replace(secret, ReferenceEquals(secret, _url.Original) ? _url.Redacted : "***", StringComparison.Ordinal);
        }

        return text;
    }
}
