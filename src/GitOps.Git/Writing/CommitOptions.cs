namespace GitOps.Git.Writing;

/// <summary>What <see cref="IGitWriter.CommitAsync"/> records.</summary>
public sealed class CommitOptions
{
    /// <summary>The commit message. Required.</summary>
    public string Message { get; set; } = string.Empty;

    /// <summary>The author's name. Required.</summary>
    public string AuthorName { get; set; } = string.Empty;

    /// <summary>The author's e-mail. Required.</summary>
    public string AuthorEmail { get; set; } = string.Empty;

    /// <summary>When the commit was authored and committed. Default now.</summary>
    public DateTimeOffset? When { get; set; }

    /// <summary>How to sign the commit; default null: unsigned.</summary>
    public CommitSigning? Signing { get; set; }

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentException">The message, name or e-mail is missing.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Message, nameof(Message));
        ArgumentException.ThrowIfNullOrWhiteSpace(AuthorName, nameof(AuthorName));
        ArgumentException.ThrowIfNullOrWhiteSpace(AuthorEmail, nameof(AuthorEmail));
        Signing?.Validate();
    }
}

/// <summary>How a commit is signed: by git itself, with gpg (OpenPGP) or ssh-keygen (SSH signatures).</summary>
public sealed class CommitSigning
{
    /// <summary>The signature format. Default <see cref="SignatureFormat.Ssh"/>.</summary>
    public SignatureFormat Format { get; set; } = SignatureFormat.Ssh;

    /// <summary>
    /// For <see cref="SignatureFormat.Ssh"/>, the private key text (written 0600 to a private folder for the call);
    /// for <see cref="SignatureFormat.OpenPgp"/>, the key id or fingerprint in the keyring.
    /// </summary>
    public string Key { get; set; } = string.Empty;

    /// <summary>For OpenPGP, the GnuPG home holding the key; default gpg's own.</summary>
    public string? GnuPgHome { get; set; }

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentException">No key.</exception>
    public void Validate() => ArgumentException.ThrowIfNullOrWhiteSpace(Key, nameof(Key));
}

/// <summary>Signature formats git can write.</summary>
public enum SignatureFormat
{
    /// <summary>SSH signatures (<c>gpg.format=ssh</c>, made by ssh-keygen).</summary>
    Ssh,

    /// <summary>OpenPGP signatures made by gpg.</summary>
    OpenPgp,
}
