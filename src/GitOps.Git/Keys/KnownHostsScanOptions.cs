namespace GitOps.Git.Keys;

/// <summary>How <see cref="KnownHostsScanner"/> asks a server for its host key.</summary>
public sealed class KnownHostsScanOptions
{
    /// <summary>The default <see cref="Timeout"/>: 30 seconds, as <c>flux create secret git</c>.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The host key algorithms offered, most preferred first; the server picks the first it has a key for. Default
    /// Go x/crypto's order without certificates, which is what Flux's scan offers: ECDSA P-256, P-384, P-521,
    /// rsa-sha2-256, rsa-sha2-512, Ed25519. Give one algorithm to get that key type (as Flux's
    /// <c>--ssh-hostkey-algos</c>).
    /// </summary>
    public IList<string> HostKeyAlgorithms { get; } = [.. DefaultHostKeyAlgorithms];

    /// <summary>The longest the connection and key exchange may take. Default <see cref="DefaultTimeout"/>.</summary>
    public TimeSpan Timeout { get; set; } = DefaultTimeout;

    /// <summary>Go x/crypto's default host key algorithm preference, without certificates.</summary>
    public static IReadOnlyList<string> DefaultHostKeyAlgorithms { get; } =
        ["ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "rsa-sha2-256", "rsa-sha2-512", "ssh-ed25519"];

    /// <summary>Throws when an option is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public void Validate()
    {
        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentOutOfRangeException(nameof(Timeout), Timeout, "the scan timeout must be positive and at most 10 minutes");
        }

        if (HostKeyAlgorithms.Count == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(HostKeyAlgorithms), "at least one host key algorithm is needed");
        }

        foreach (var algorithm in HostKeyAlgorithms)
        {
            if (!DefaultHostKeyAlgorithms.Contains(algorithm) && algorithm != "ssh-rsa")
            {
                throw new ArgumentOutOfRangeException(nameof(HostKeyAlgorithms), algorithm, "unsupported host key algorithm");
            }
        }
    }
}
