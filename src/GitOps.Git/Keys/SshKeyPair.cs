using System.Text;

namespace GitOps.Git.Keys;

/// <summary>A generated SSH key pair: the private key in OpenSSH format and its public key.</summary>
public sealed class SshKeyPair
{
    internal SshKeyPair(SshKeyAlgorithm algorithm, SshPublicKey publicKey, string privateKey, bool encrypted)
    {
        Algorithm = algorithm;
        PublicKey = publicKey;
        PrivateKey = privateKey;
        IsEncrypted = encrypted;
    }

    /// <summary>The algorithm the key was generated with.</summary>
    public SshKeyAlgorithm Algorithm { get; }

    /// <summary>The public key (its authorized_keys line and fingerprint).</summary>
    public SshPublicKey PublicKey { get; }

    /// <summary>The private key file's text: <c>-----BEGIN OPENSSH PRIVATE KEY-----</c> … (what Flux's <c>identity</c> holds).</summary>
    public string PrivateKey { get; }

    /// <summary>Whether <see cref="PrivateKey"/> is encrypted with a passphrase.</summary>
    public bool IsEncrypted { get; }

    /// <summary>
    /// Writes the private key to <paramref name="path"/> (mode 0600 on Unix) and the public key line to
    /// <paramref name="path"/><c>.pub</c>, as <c>ssh-keygen -f</c> does. Both files are written beside their
    /// destination first and moved into place, so a failure leaves no partial key.
    /// </summary>
    /// <param name="path">The private key file.</param>
    /// <param name="overwrite">Whether an existing private key file may be replaced (default: refuse, as ssh-keygen asks first).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <exception cref="SshKeyException"><paramref name="path"/> exists and <paramref name="overwrite"/> is false.</exception>
    public async Task WriteAsync(string path, bool overwrite = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        path = Path.GetFullPath(path);
        if (!overwrite && File.Exists(path))
        {
            throw new SshKeyException($"{path} already exists (refusing to overwrite a key)");
        }

        var directory = Path.GetDirectoryName(path)!;
        var stagedPrivate = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        var stagedPublic = stagedPrivate + ".pub";
        try
        {
            await WriteFileAsync(stagedPrivate, PrivateKey, UnixFileMode.UserRead | UnixFileMode.UserWrite, cancellationToken).ConfigureAwait(false);
            await WriteFileAsync(stagedPublic, PublicKey.ToAuthorizedKeysLine() + "\n",
                UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, cancellationToken).ConfigureAwait(false);
            try
            {
                File.Move(stagedPrivate, path, overwrite);
            }
            catch (IOException ex) when (!overwrite && File.Exists(path))
            {
                throw new SshKeyException($"{path} already exists (refusing to overwrite a key)", ex);
            }

            File.Move(stagedPublic, path + ".pub", overwrite: true);
        }
        finally
        {
            File.Delete(stagedPrivate);
            File.Delete(stagedPublic);
        }
    }

    private static async Task WriteFileAsync(string path, string text, UnixFileMode mode, CancellationToken cancellationToken)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }

        var stream = new FileStream(path, options);
        await using (stream.ConfigureAwait(false))
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
