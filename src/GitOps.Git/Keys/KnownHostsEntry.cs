using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace GitOps.Git.Keys;

/// <summary>
/// One known_hosts entry: a host (with its port) and the host key it presented. Printed as Flux's
/// <c>ScanHostKey</c> prints it: <c>host keytype base64</c> on port 22, <c>[host]:port keytype base64</c>
/// otherwise, or with the host name hashed (<c>|1|salt|hmac</c>, OpenSSH's HashKnownHosts).
/// </summary>
public sealed class KnownHostsEntry
{
    /// <summary>Creates an entry.</summary>
    /// <param name="host">The host name or IP address (an IPv6 address with or without brackets).</param>
    /// <param name="port">The SSH port.</param>
    /// <param name="key">The host's public key.</param>
    public KnownHostsEntry(string host, int port, SshPublicKey key)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        ArgumentNullException.ThrowIfNull(key);
        Host = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        Port = port;
        Key = key.WithComment(string.Empty);
    }

    /// <summary>The host name or address, without brackets.</summary>
    public string Host { get; }

    /// <summary>The SSH port.</summary>
    public int Port { get; }

    /// <summary>The host key.</summary>
    public SshPublicKey Key { get; }

    /// <summary>The host as known_hosts writes it (Go's <c>knownhosts.Normalize</c>): <c>host</c> on port 22, else <c>[host]:port</c>.</summary>
    public string NormalizedHost => Normalize(Host, Port);

    /// <summary>The host as known_hosts writes it: <c>host</c> on port 22, else <c>[host]:port</c>.</summary>
    /// <param name="host">The host name or address (brackets around an IPv6 address are dropped).</param>
    /// <param name="port">The port.</param>
    public static string Normalize(string host, int port)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }

        return port == 22 ? host : string.Create(CultureInfo.InvariantCulture, $"[{host}]:{port}");
    }

    /// <summary>
    /// Hashes a normalized host as OpenSSH's HashKnownHosts does: <c>|1|</c> base64(salt) <c>|</c>
    /// base64(HMAC-SHA1 keyed with the salt over the host).
    /// </summary>
    /// <param name="normalizedHost">The host as <see cref="Normalize"/> writes it.</param>
    /// <param name="salt">A 20-byte salt; random when omitted.</param>
    public static string HashHost(string normalizedHost, ReadOnlySpan<byte> salt = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(normalizedHost);
        var key = salt.IsEmpty ? RandomNumberGenerator.GetBytes(20) : salt.ToArray();
#pragma warning disable CA5350 // OpenSSH's hashed known_hosts format is defined as HMAC-SHA1; it hides names, it does not sign.
        var mac = HMACSHA1.HashData(key, Encoding.UTF8.GetBytes(normalizedHost));
#pragma warning restore CA5350
        return "|1|" + Convert.ToBase64String(key) + "|" + Convert.ToBase64String(mac);
    }

    /// <summary>The known_hosts line, without a newline: <c>[host]:port keytype base64</c>.</summary>
    public string ToLine() => NormalizedHost + " " + Key.ToAuthorizedKeysLine();

    /// <summary>The known_hosts line with the host hashed under a fresh random salt: <c>|1|salt|hmac keytype base64</c>.</summary>
    public string ToHashedLine() => HashHost(NormalizedHost) + " " + Key.ToAuthorizedKeysLine();

    /// <summary>The plain known_hosts line.</summary>
    public override string ToString() => ToLine();
}
