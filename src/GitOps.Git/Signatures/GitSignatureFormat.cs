namespace GitOps.Git.Signatures;

/// <summary>The kind of signature on a Git commit or tag, told apart by its armour as git does.</summary>
public enum GitSignatureFormat
{
    /// <summary>The object carries no signature.</summary>
    None,

    /// <summary>An OpenPGP signature (<c>-----BEGIN PGP SIGNATURE-----</c>), made by <c>gpg</c>.</summary>
    Pgp,

    /// <summary>An SSH signature (<c>-----BEGIN SSH SIGNATURE-----</c>, the SSHSIG format), made by <c>ssh-keygen -Y sign</c>.</summary>
    Ssh,

    /// <summary>A signature in a format not verified here (for example X.509 from <c>gpgsm</c>).</summary>
    Unknown,
}
