namespace GitOps.Git.Keys;

/// <summary>How <see cref="SshKeyGenerator"/> makes a key. The defaults give what <c>flux create secret git</c> gives: an unencrypted ECDSA P-384 key.</summary>
public sealed class SshKeyGenerationOptions
{
    /// <summary>The smallest RSA key accepted, in bits.</summary>
    public const int MinRsaBits = 2048;

    /// <summary>The largest RSA key accepted, in bits.</summary>
    public const int MaxRsaBits = 4096;

    /// <summary>The algorithm. Default <see cref="SshKeyAlgorithm.EcdsaP384"/>, as Flux.</summary>
    public SshKeyAlgorithm Algorithm { get; set; } = SshKeyAlgorithm.EcdsaP384;

    /// <summary>The RSA modulus size when <see cref="Algorithm"/> is <see cref="SshKeyAlgorithm.Rsa"/>: 2048 to 4096, a multiple of 8. Default 4096.</summary>
    public int RsaBits { get; set; } = MaxRsaBits;

    /// <summary>The comment written after the public key and inside the private key file. Default none, as Flux.</summary>
    public string Comment { get; set; } = string.Empty;

    /// <summary>
    /// A passphrase to encrypt the private key with, as <c>ssh-keygen -N</c> does (aes256-ctr, bcrypt KDF with 16
    /// rounds). Default none: Flux's deploy keys are unencrypted.
    /// </summary>
    public string? Passphrase { get; set; }

    /// <summary>Throws when an option is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public void Validate()
    {
        if (!Enum.IsDefined(Algorithm))
        {
            throw new ArgumentOutOfRangeException(nameof(Algorithm), Algorithm, "unknown SSH key algorithm");
        }

        if (RsaBits is < MinRsaBits or > MaxRsaBits || RsaBits % 8 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(RsaBits), RsaBits, "RSA keys are 2048 to 4096 bits, a multiple of 8");
        }

        ArgumentNullException.ThrowIfNull(Comment);
        if (Comment.Contains('\n', StringComparison.Ordinal) || Comment.Contains('\r', StringComparison.Ordinal))
        {
            throw new ArgumentOutOfRangeException(nameof(Comment), "a key comment is one line");
        }

        if (Passphrase is { Length: 0 })
        {
            throw new ArgumentOutOfRangeException(nameof(Passphrase), "an empty passphrase: leave it null for an unencrypted key");
        }
    }
}
