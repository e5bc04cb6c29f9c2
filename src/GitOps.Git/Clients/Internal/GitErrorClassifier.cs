namespace GitOps.Git.Clients.Internal;

/// <summary>Turns what git or ssh printed on failure into the matching typed exception.</summary>
internal static class GitErrorClassifier
{
    private static readonly string[] HostKey =
    [
        "Host key verification failed", "REMOTE HOST IDENTIFICATION HAS CHANGED", "host key is known", "No matching host key",
        "server certificate verification failed", "SSL certificate problem", "certificate verify failed", "the SSL certificate is invalid",
        "user rejected certificate", "unable to get local issuer certificate",
    ];

    private static readonly string[] Authentication =
    [
        "Authentication failed", "could not read Username", "could not read Password", "terminal prompts disabled",
        "Permission denied", "HTTP Basic: Access denied", "The requested URL returned error: 401", "The requested URL returned error: 403",
        "too many authentication", "Too many credential", "authentication required", "incorrect passphrase",
        "http status code: 401", "http status code: 403",
    ];

    private static readonly string[] NotFound =
    [
        "couldn't find remote ref", "Repository not found", "does not appear to be a git repository", "not our ref",
        "unadvertised object", "The requested URL returned error: 404", "not found", "No such file or directory",
        "no such ref", "reference not found", "did not match any", "unknown revision", "repository not exported",
        "the repository exists", "http status code: 404",
    ];

    private static readonly string[] Timeout = ["timed out", "Operation too slow", "Timeout", "timeout"];

    public static GitException Classify(string what, string message, Exception? inner = null)
    {
        var text = message.Trim();
        var full = $"{what}: {LastLines(text)}";
        if (HostKey.Any(p => text.Contains(p, StringComparison.OrdinalIgnoreCase)))
        {
            return new GitHostKeyException(full, inner);
        }

        if (Authentication.Any(p => text.Contains(p, StringComparison.OrdinalIgnoreCase)))
        {
            return new GitAuthenticationException(full, inner);
        }

        if (Timeout.Any(p => text.Contains(p, StringComparison.Ordinal)))
        {
            return new GitTimeoutException(full, inner);
        }

        if (NotFound.Any(p => text.Contains(p, StringComparison.OrdinalIgnoreCase)))
        {
            return new GitReferenceNotFoundException(full, inner);
        }

        return new GitTransportException(full, inner);
    }

    private static string LastLines(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith("hint:", StringComparison.Ordinal))
            .ToArray();
        return lines.Length == 0 ? "failed" : string.Join("; ", lines.TakeLast(3));
    }
}
