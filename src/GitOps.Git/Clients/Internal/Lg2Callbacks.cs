using System.Security.Cryptography.X509Certificates;
using GitOps.Git.Auth;
using Lg2 = LibGit2Sharp;

namespace GitOps.Git.Clients.Internal;

/// <summary>
/// One call's LibGit2Sharp callbacks: credentials handed out a bounded number of times (libgit2 asks again and
/// again after a refusal), the call's CA checked per connection, and cancellation through the progress callbacks.
/// </summary>
internal sealed class Lg2Callbacks
{
    private readonly GitAuth? _auth;
    private readonly int _maxAttempts;
    private readonly CancellationToken _cancellationToken;
    private readonly X509Certificate2Collection? _trusted;

    public Lg2Callbacks(GitAuth? auth, int maxAttempts, CancellationToken cancellationToken)
    {
        _auth = auth;
        _maxAttempts = maxAttempts;
        _cancellationToken = cancellationToken;
        if (auth?.CaCertificatePem is { } pem)
        {
            _trusted = [];
            _trusted.ImportFromPem(pem);
        }
    }

    private readonly Dictionary<string, int> _attemptsByUrl = new(StringComparer.Ordinal);

    /// <summary>The most credential requests made for one URL.</summary>
    public int CredentialAttempts { get; private set; }

    public bool CredentialsExhausted { get; private set; }

    public bool CertificateRejected { get; private set; }

    public Lg2.Credentials Credentials(string url, string usernameFromUrl, Lg2.SupportedCredentialTypes types)
    {
        // libgit2 asks again for the same URL after a refusal; a submodule's URL is asked for separately.
        var attempts = _attemptsByUrl[url ?? string.Empty] = _attemptsByUrl.GetValueOrDefault(url ?? string.Empty) + 1;
        CredentialAttempts = Math.Max(CredentialAttempts, attempts);
        if (attempts > _maxAttempts || _auth is null || (_auth.Username is null && _auth.Password is null))
        {
            CredentialsExhausted = true;
            throw new Lg2.LibGit2SharpException("authentication failed");
        }

        return new Lg2.UsernamePasswordCredentials { Username = _auth.Username ?? usernameFromUrl ?? string.Empty, Password = _auth.Password ?? string.Empty };
    }

    public Lg2.FetchOptions FetchOptions(int depth)
    {
        var options = new Lg2.FetchOptions();
        Configure(options, depth);
        return options;
    }

    public void Configure(Lg2.FetchOptions options, int depth)
    {
        options.TagFetchMode = Lg2.TagFetchMode.None;
        options.CredentialsProvider = Credentials;
        options.CertificateCheck = CheckCertificate;
        options.OnTransferProgress = _ => !_cancellationToken.IsCancellationRequested;
        options.OnProgress = _ => !_cancellationToken.IsCancellationRequested;
        if (depth > 0)
        {
            options.Depth = depth;
        }

        if (_auth?.BearerToken is { } token)
        {
            options.CustomHeaders = ["Authorization: Bearer " + token];
        }
    }

    private bool CheckCertificate(Lg2.Certificate certificate, bool valid, string host)
    {
        if (valid)
        {
            return true;
        }

        if (_trusted is null || certificate is not Lg2.CertificateX509 x509)
        {
            CertificateRejected = true;
            return false;
        }

        using var leaf = new X509Certificate2(x509.Certificate);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_trusted);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        var ok = chain.Build(leaf) && leaf.MatchesHostname(host);
        CertificateRejected = !ok;
        return ok;
    }
}
