using System.Text;

namespace GitOps.Git.Auth;

/// <summary>
/// Credentials and trust for one repository, the keys of a Flux Git secret: <c>username</c>/<c>password</c>,
/// <c>bearerToken</c>, <c>ca.crt</c>, <c>tls.crt</c>/<c>tls.key</c>, <c>identity</c>/<c>known_hosts</c>
/// (+ <c>password</c> as the key's passphrase). Used for that call only: nothing goes into a global
/// configuration or the process environment, and <see cref="ToString"/> never shows a secret.
/// </summary>
public sealed class GitAuth
{
    /// <summary>The user SSH connects as when the URL names none: <c>git</c>.</summary>
    public const string DefaultSshUser = "git";

    /// <summary>HTTP basic user name.</summary>
    public string? Username { get; init; }

    /// <summary>HTTP basic password (or token).</summary>
    public string? Password { get; init; }

    /// <summary>HTTP bearer token (<c>Authorization: Bearer …</c>); exclusive with a password.</summary>
    public string? BearerToken { get; init; }

    /// <summary>PEM certificates trusted for HTTPS in this call (<c>ca.crt</c>), on top of the system store.</summary>
    public string? CaCertificatePem { get; init; }

    /// <summary>PEM client certificate for mutual TLS (<c>tls.crt</c>); needs <see cref="ClientKeyPem"/>.</summary>
    public string? ClientCertificatePem { get; init; }

    /// <summary>PEM private key of the client certificate (<c>tls.key</c>).</summary>
    public string? ClientKeyPem { get; init; }

    /// <summary>SSH private key, OpenSSH or PEM format (<c>identity</c>).</summary>
    public string? SshIdentity { get; init; }

    /// <summary>Passphrase of <see cref="SshIdentity"/>, if it is encrypted.</summary>
    public string? SshPassphrase { get; init; }

    /// <summary>known_hosts lines the SSH server's key must match (<c>known_hosts</c>); required for SSH, as Flux.</summary>
    public string? SshKnownHosts { get; init; }

    /// <summary>Whether any HTTP credential is set.</summary>
    public bool HasHttpCredentials => Username is not null || Password is not null || BearerToken is not null;

    /// <summary>Whether a client certificate is set.</summary>
    public bool HasClientCertificate => ClientCertificatePem is not null;

    /// <summary>
    /// Reads a Flux Git secret's data (keys <c>username</c>, <c>password</c>, <c>bearerToken</c>, <c>ca.crt</c> or
    /// <c>caFile</c>, <c>tls.crt</c>, <c>tls.key</c>, <c>identity</c>, <c>known_hosts</c>). With <c>identity</c>,
    /// <c>password</c> is the key's passphrase.
    /// </summary>
    public static GitAuth FromSecretData(IReadOnlyDictionary<string, byte[]> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        string? Get(string key) => data.TryGetValue(key, out var v) ? Encoding.UTF8.GetString(v) : null;
        var identity = Get("identity");
        return new GitAuth
        {
            Username = identity is null ? Get("username") : null,
            Password = identity is null ? Get("password") : null,
            BearerToken = Get("bearerToken"),
            CaCertificatePem = Get("ca.crt") ?? Get("caFile"),
            ClientCertificatePem = Get("tls.crt"),
            ClientKeyPem = Get("tls.key"),
            SshIdentity = identity,
            SshPassphrase = identity is null ? null : Get("password"),
            SshKnownHosts = Get("known_hosts"),
        };
    }

    /// <summary>Checks that the settings fit together.</summary>
    /// <exception cref="ArgumentException">A bearer token with a password, a certificate without its key, or the reverse.</exception>
    public void Validate()
    {
        if (BearerToken is not null && Password is not null)
        {
            throw new ArgumentException("a bearer token and a password cannot both be set");
        }

        if ((ClientCertificatePem is null) != (ClientKeyPem is null))
        {
            throw new ArgumentException("a client certificate needs its key, and a key its certificate");
        }

        if (SshPassphrase is not null && SshIdentity is null)
        {
            throw new ArgumentException("a passphrase needs an SSH identity");
        }
    }

    /// <summary>Which settings are present, never their values.</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        if (Username is not null)
        {
            parts.Add("username");
        }

        if (Password is not null)
        {
            parts.Add("password=***");
        }

        if (BearerToken is not null)
        {
            parts.Add("bearerToken=***");
        }

        if (CaCertificatePem is not null)
        {
            parts.Add("ca.crt");
        }

        if (ClientCertificatePem is not null)
        {
            parts.Add("tls.crt+tls.key");
        }

        if (SshIdentity is not null)
        {
            parts.Add(SshPassphrase is null ? "identity" : "identity(+passphrase)");
        }

        if (SshKnownHosts is not null)
        {
            parts.Add("known_hosts");
        }

        return "GitAuth(" + string.Join(", ", parts) + ")";
    }
}
