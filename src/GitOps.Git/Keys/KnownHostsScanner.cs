using System.Net.Sockets;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace GitOps.Git.Keys;

/// <summary>
/// Reads a server's host key from a real SSH handshake, as <c>flux create secret git</c> does before writing
/// <c>known_hosts</c>: one connection, the server's preferred key among the algorithms offered, no authentication
/// attempted (the key exchange is abandoned once the key is received). The handshake is SSH.NET's.
/// </summary>
public sealed class KnownHostsScanner
{
    private readonly KnownHostsScanOptions _defaults;

    /// <summary>Creates a scanner.</summary>
    /// <param name="defaults">The options used when a scan is given none.</param>
    public KnownHostsScanner(KnownHostsScanOptions? defaults = null)
    {
        _defaults = defaults ?? new KnownHostsScanOptions();
    }

    /// <summary>Connects to <paramref name="host"/>:<paramref name="port"/> and returns the host key it presents.</summary>
    /// <param name="host">The host name or IP address.</param>
    /// <param name="port">The SSH port (default 22).</param>
    /// <param name="options">Algorithms and timeout; default the scanner's defaults.</param>
    /// <param name="cancellationToken">Cancels the scan.</param>
    /// <exception cref="HostKeyScanException">No host key was received.</exception>
    public async Task<KnownHostsEntry> ScanAsync(string host, int port = 22, KnownHostsScanOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        options ??= _defaults;
        options.Validate();
        var address = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        var where = KnownHostsEntry.Normalize(address, port);

        var connection = new ConnectionInfo(address, port, "git", new NoneAuthenticationMethod("git")) { Timeout = options.Timeout };
        OfferOnly(connection, options.HostKeyAlgorithms);
        using var client = new SshClient(connection);
        byte[]? received = null;
        client.HostKeyReceived += (_, e) =>
        {
            received = e.HostKey;
            e.CanTrust = false; // we only wanted the key: stop before authentication
        };

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        Exception? failure = null;
        try
        {
            await client.ConnectAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            failure = new TimeoutException($"no host key within {options.Timeout.TotalSeconds:0.###} s", ex);
        }
        catch (Exception ex) when (ex is SshException or SocketException or ProxyException or TimeoutException or InvalidOperationException)
        {
            failure = ex;
        }

        if (received is null)
        {
            throw new HostKeyScanException($"SSH key scan for host {where} failed: {failure?.Message ?? "no host key received"}", failure);
        }

        try
        {
            return new KnownHostsEntry(address, port, SshPublicKey.FromBlob(received));
        }
        catch (SshKeyException ex)
        {
            throw new HostKeyScanException($"SSH key scan for host {where} failed: {ex.Message}", ex);
        }
    }

    private static void OfferOnly(ConnectionInfo connection, IList<string> algorithms)
    {
        var available = connection.HostKeyAlgorithms.ToList();
        connection.HostKeyAlgorithms.Clear();
        foreach (var name in algorithms)
        {
            foreach (var pair in available)
            {
                if (pair.Key == name)
                {
                    connection.HostKeyAlgorithms.Add(pair.Key, pair.Value);
                }
            }
        }
    }
}
