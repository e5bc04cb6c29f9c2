namespace GitOps.Git.Keys;

/// <summary>The SSH key algorithms a deploy key can be generated with (those <c>flux create secret git</c> offers).</summary>
public enum SshKeyAlgorithm
{
    /// <summary>ECDSA on NIST P-256 (<c>ecdsa-sha2-nistp256</c>).</summary>
    EcdsaP256,

    /// <summary>ECDSA on NIST P-384 (<c>ecdsa-sha2-nistp384</c>): Flux's default, accepted by GitHub, GitLab and Bitbucket.</summary>
    EcdsaP384,

    /// <summary>ECDSA on NIST P-521 (<c>ecdsa-sha2-nistp521</c>).</summary>
    EcdsaP521,

    /// <summary>Ed25519 (<c>ssh-ed25519</c>).</summary>
    Ed25519,

    /// <summary>RSA (<c>ssh-rsa</c> keys, signed with SHA-2 by current clients) of <see cref="SshKeyGenerationOptions.RsaBits"/> bits.</summary>
    Rsa,
}
