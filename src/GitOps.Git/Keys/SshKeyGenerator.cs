using System.Security.Cryptography;
using GitOps.Git.Keys.Internal;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace GitOps.Git.Keys;

/// <summary>
/// Generates SSH deploy keys as <c>flux create secret git</c> and <c>ssh-keygen</c> do: ECDSA (P-256, P-384 by
/// default, P-521), Ed25519 or RSA, in the OpenSSH private key format, optionally encrypted with a passphrase.
/// </summary>
public sealed class SshKeyGenerator
{
    private readonly SshKeyGenerationOptions _defaults;

    /// <summary>Creates a generator.</summary>
    /// <param name="defaults">The options used when <see cref="Generate"/> is given none; default an unencrypted ECDSA P-384 key.</param>
    public SshKeyGenerator(SshKeyGenerationOptions? defaults = null)
    {
        _defaults = defaults ?? new SshKeyGenerationOptions();
    }

    /// <summary>Generates a key pair.</summary>
    /// <param name="options">The algorithm, size, comment and passphrase; default the generator's defaults.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public SshKeyPair Generate(SshKeyGenerationOptions? options = null)
    {
        options ??= _defaults;
        options.Validate();
        return options.Algorithm switch
        {
            SshKeyAlgorithm.EcdsaP256 => GenerateEcdsa(options, 256),
            SshKeyAlgorithm.EcdsaP384 => GenerateEcdsa(options, 384),
            SshKeyAlgorithm.EcdsaP521 => GenerateEcdsa(options, 521),
            SshKeyAlgorithm.Ed25519 => GenerateEd25519(options),
            _ => GenerateRsa(options),
        };
    }

    private static SshKeyPair GenerateEcdsa(SshKeyGenerationOptions options, int bits)
    {
        using var ecdsa = ECDsa.Create(SshCurves.Curve(bits));
        var parameters = ecdsa.ExportParameters(includePrivateParameters: true);
        try
        {
            var point = new byte[1 + parameters.Q.X!.Length + parameters.Q.Y!.Length];
            point[0] = 0x04;
            parameters.Q.X.CopyTo(point, 1);
            parameters.Q.Y.CopyTo(point, 1 + parameters.Q.X.Length);
            var type = "ecdsa-sha2-" + SshCurves.Name(bits);
            var blob = new SshWireWriter();
            blob.WriteString(type);
            blob.WriteString(SshCurves.Name(bits));
            blob.WriteString(point);
            var publicKey = SshPublicKey.FromBlob(blob.WrittenSpan, options.Comment);
            var d = parameters.D!;
            return Pair(options, publicKey, secret =>
            {
                secret.WriteString(type);
                secret.WriteString(SshCurves.Name(bits));
                secret.WriteString(point);
                secret.WriteMPInt(d);
            });
        }
        finally
        {
            CryptographicOperations.ZeroMemory(parameters.D);
        }
    }

    private static SshKeyPair GenerateEd25519(SshKeyGenerationOptions options)
    {
        var privateKey = new Ed25519PrivateKeyParameters(new SecureRandom());
        var seed = privateKey.GetEncoded();
        var point = privateKey.GeneratePublicKey().GetEncoded();
        try
        {
            var blob = new SshWireWriter();
            blob.WriteString("ssh-ed25519");
            blob.WriteString(point);
            var publicKey = SshPublicKey.FromBlob(blob.WrittenSpan, options.Comment);
            return Pair(options, publicKey, secret =>
            {
                secret.WriteString("ssh-ed25519");
                secret.WriteString(point);

                // OpenSSH keeps the 32-byte seed followed by the public key.
                secret.WriteUInt32(64);
                secret.WriteRaw(seed);
                secret.WriteRaw(point);
            });
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    private static SshKeyPair GenerateRsa(SshKeyGenerationOptions options)
    {
        using var rsa = RSA.Create(options.RsaBits);
        var p = rsa.ExportParameters(includePrivateParameters: true);
        try
        {
            var blob = new SshWireWriter();
            blob.WriteString("ssh-rsa");
            blob.WriteMPInt(p.Exponent);
            blob.WriteMPInt(p.Modulus);
            var publicKey = SshPublicKey.FromBlob(blob.WrittenSpan, options.Comment);
            return Pair(options, publicKey, secret =>
            {
                secret.WriteString("ssh-rsa");
                secret.WriteMPInt(p.Modulus);
                secret.WriteMPInt(p.Exponent);
                secret.WriteMPInt(p.D);
                secret.WriteMPInt(p.InverseQ); // iqmp = q⁻¹ mod p, as PKCS #1's coefficient
                secret.WriteMPInt(p.P);
                secret.WriteMPInt(p.Q);
            });
        }
        finally
        {
            CryptographicOperations.ZeroMemory(p.D);
            CryptographicOperations.ZeroMemory(p.P);
            CryptographicOperations.ZeroMemory(p.Q);
            CryptographicOperations.ZeroMemory(p.DP);
            CryptographicOperations.ZeroMemory(p.DQ);
            CryptographicOperations.ZeroMemory(p.InverseQ);
        }
    }

    private static SshKeyPair Pair(SshKeyGenerationOptions options, SshPublicKey publicKey, Action<SshWireWriter> writePrivate) =>
        new(options.Algorithm, publicKey, OpenSshPrivateKeyWriter.Write(publicKey, writePrivate, options.Comment, options.Passphrase), options.Passphrase is not null);
}
