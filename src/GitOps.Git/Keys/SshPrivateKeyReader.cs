using System.Security.Cryptography;
using System.Text;
using Renci.SshNet;
using Renci.SshNet.Common;
using Renci.SshNet.Security;

namespace GitOps.Git.Keys;

/// <summary>
/// Reads the private keys Flux accepts as a Git secret's <c>identity</c> (OpenSSH format, plain or encrypted with
/// a passphrase; PEM: PKCS #1 RSA, SEC 1 EC, PKCS #8, and legacy encrypted PEM) and derives the public key and
/// fingerprint, as <c>ssh-keygen -y</c> and <c>ssh-keygen -l</c> do. Parsing is SSH.NET's <see cref="PrivateKeyFile"/>.
/// </summary>
public sealed class SshPrivateKeyReader
{
    /// <summary>The default of <see cref="MaxPrivateKeyLength"/>: 64 KiB (an RSA-16384 OpenSSH key is about 12 KiB).</summary>
    public const int DefaultMaxPrivateKeyLength = 64 * 1024;

    /// <summary>The longest private key text accepted, in characters. Default <see cref="DefaultMaxPrivateKeyLength"/>.</summary>
    public int MaxPrivateKeyLength { get; init; } = DefaultMaxPrivateKeyLength;

    /// <summary>Reads a private key and returns its public key, with the comment stored in the key file (if any).</summary>
    /// <param name="privateKey">The private key file's text.</param>
    /// <param name="passphrase">The passphrase, when the key is encrypted.</param>
    /// <exception cref="SshKeyException">The text is not a supported private key, or the passphrase is missing or wrong.</exception>
    public SshPublicKey ReadPublicKey(string privateKey, string? passphrase = null)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        if (privateKey.Length > MaxPrivateKeyLength)
        {
            throw new SshKeyException($"the private key is longer than {MaxPrivateKeyLength} characters");
        }

        try
        {
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(privateKey));
            using var file = new PrivateKeyFile(stream, string.IsNullOrEmpty(passphrase) ? null : passphrase);
            var algorithm = file.HostKeyAlgorithms.OfType<KeyHostAlgorithm>().FirstOrDefault()
                ?? throw new SshKeyException("the private key file holds no usable key");
            return SshPublicKey.FromBlob(algorithm.Data, file.Key.Comment ?? string.Empty);
        }
        catch (SshPassPhraseNullOrEmptyException ex)
        {
            throw new SshKeyException("the private key is encrypted: a passphrase is needed", ex);
        }
        catch (SshException ex)
        {
            throw new SshKeyException($"cannot read the private key: {ex.Message}", ex);
        }
        catch (CryptographicException ex)
        {
            throw new SshKeyException($"cannot read the private key: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or NotSupportedException or InvalidOperationException)
        {
            throw new SshKeyException($"cannot read the private key: {ex.Message}", ex);
        }
    }
}
