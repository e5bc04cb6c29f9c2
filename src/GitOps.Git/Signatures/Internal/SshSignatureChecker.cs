using System.Security.Cryptography;
using GitOps.Git.Keys;
using GitOps.Git.Keys.Internal;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace GitOps.Git.Signatures.Internal;

/// <summary>
/// Verifies an SSH signature (OpenSSH's PROTOCOL.sshsig: <c>SSHSIG</c>, version 1, the signer's public key, the
/// namespace, the hash algorithm and the signature over a digest of the message) in the <c>git</c> namespace,
/// against allowed public keys, as <c>git verify-commit</c> with <c>gpg.ssh.allowedSignersFile</c> and Flux do.
/// </summary>
internal static class SshSignatureChecker
{
    private const string BeginArmour = "-----BEGIN SSH SIGNATURE-----";
    private const string EndArmour = "-----END SSH SIGNATURE-----";
    private const string Namespace = "git";

    public static GitSignatureVerification Verify(string signature, ReadOnlySpan<byte> payload, IEnumerable<string> authorizedKeys)
    {
        var blob = Unarmour(signature);
        Parsed parsed;
        try
        {
            parsed = Parse(blob);
        }
        catch (FormatException ex)
        {
            throw new GitSignatureException($"unable to unarmor SSH signature: {ex.Message}", ex);
        }

        foreach (var text in authorizedKeys)
        {
            IReadOnlyList<SshPublicKey> keys;
            try
            {
                keys = SshPublicKey.ParseAll(text);
            }
            catch (SshKeyException ex)
            {
                throw new GitSignatureException($"unable to parse authorized keys: {ex.Message}", ex);
            }

            foreach (var key in keys)
            {
                if (key.Blob.Span.SequenceEqual(parsed.PublicKey) && parsed.Namespace == Namespace && Check(key, parsed, payload))
                {
                    return new GitSignatureVerification(GitSignatureFormat.Ssh, key.Fingerprint, key.Fingerprint, key.Fingerprint);
                }
            }
        }

        throw new GitSignatureException("unable to verify payload with any of the given authorized keys");
    }

    private static byte[] Unarmour(string signature)
    {
        var text = signature.Trim();
        if (!text.StartsWith(BeginArmour, StringComparison.Ordinal) || !text.EndsWith(EndArmour, StringComparison.Ordinal))
        {
            throw new GitSignatureException("unable to unarmor SSH signature: missing SSH SIGNATURE armour");
        }

        var body = text[BeginArmour.Length..^EndArmour.Length];
        try
        {
            return Convert.FromBase64String(body.Replace("\n", string.Empty, StringComparison.Ordinal).Replace("\r", string.Empty, StringComparison.Ordinal).Trim());
        }
        catch (FormatException ex)
        {
            throw new GitSignatureException($"unable to unarmor SSH signature: {ex.Message}", ex);
        }
    }

    private static Parsed Parse(byte[] blob)
    {
        var reader = new SshWireReader(blob);
        if (!reader.ReadRaw(6).SequenceEqual("SSHSIG"u8))
        {
            throw new FormatException("no SSHSIG preamble");
        }

        if (reader.ReadUInt32() != 1)
        {
            throw new FormatException("unsupported SSHSIG version");
        }

        var publicKey = reader.ReadString().ToArray();
        var space = reader.ReadText();
        var reserved = reader.ReadString().ToArray();
        var hash = reader.ReadText();
        var signature = reader.ReadString().ToArray();
        if (!reader.IsAtEnd)
        {
            throw new FormatException("trailing bytes after the signature");
        }

        return hash is "sha256" or "sha512"
            ? new Parsed(publicKey, space, reserved, hash, signature)
            : throw new FormatException($"unsupported hash algorithm '{hash}'");
    }

    private static bool Check(SshPublicKey key, Parsed parsed, ReadOnlySpan<byte> payload)
    {
        var digest = parsed.Hash == "sha256" ? SHA256.HashData(payload) : SHA512.HashData(payload);
        var signed = new SshWireWriter();
        signed.WriteRaw("SSHSIG"u8);
        signed.WriteString(parsed.Namespace);
        signed.WriteString(parsed.Reserved);
        signed.WriteString(parsed.Hash);
        signed.WriteString(digest);
        try
        {
            var signatureReader = new SshWireReader(parsed.Signature);
            var algorithm = signatureReader.ReadText();
            var value = signatureReader.ReadString().ToArray();
            var keyReader = new SshWireReader(key.Blob.Span);
            _ = keyReader.ReadText();
            return key.Type switch
            {
                "ssh-ed25519" => algorithm == "ssh-ed25519" && VerifyEd25519(keyReader.ReadString(), signed.WrittenSpan, value),
                "ssh-rsa" => algorithm is "rsa-sha2-256" or "rsa-sha2-512" && VerifyRsa(ref keyReader, algorithm, signed.WrittenSpan, value),
                _ => algorithm == key.Type && VerifyEcdsa(ref keyReader, key.Bits, signed.WrittenSpan, value),
            };
        }
        catch (FormatException)
        {
            return false;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static bool VerifyEd25519(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> data, byte[] signature)
    {
        if (signature.Length != 64)
        {
            return false;
        }

        var signer = new Ed25519Signer();
        signer.Init(false, new Ed25519PublicKeyParameters(publicKey));
        signer.BlockUpdate(data);
        return signer.VerifySignature(signature);
    }

    private static bool VerifyRsa(ref SshWireReader keyReader, string algorithm, ReadOnlySpan<byte> data, byte[] signature)
    {
        var exponent = keyReader.ReadMPInt().ToArray();
        var modulus = keyReader.ReadMPInt().ToArray();
        using var rsa = RSA.Create(new RSAParameters { Exponent = exponent, Modulus = modulus });
        var hash = algorithm == "rsa-sha2-512" ? HashAlgorithmName.SHA512 : HashAlgorithmName.SHA256;
        return rsa.VerifyData(data, signature, hash, RSASignaturePadding.Pkcs1);
    }

    private static bool VerifyEcdsa(ref SshWireReader keyReader, int bits, ReadOnlySpan<byte> data, byte[] signature)
    {
        _ = keyReader.ReadText();
        var point = keyReader.ReadString();
        var length = SshCurves.CoordinateLength(bits);
        using var ecdsa = ECDsa.Create(new ECParameters
        {
            Curve = SshCurves.Curve(bits),
            Q = new ECPoint { X = point.Slice(1, length).ToArray(), Y = point.Slice(1 + length, length).ToArray() },
        });
        var values = new SshWireReader(signature);
        var r = values.ReadMPInt();
        var s = values.ReadMPInt();
        if (r.Length > length || s.Length > length)
        {
            return false;
        }

        var fixedSignature = new byte[2 * length];
        r.CopyTo(fixedSignature.AsSpan(length - r.Length));
        s.CopyTo(fixedSignature.AsSpan((2 * length) - s.Length));
        return ecdsa.VerifyData(data, fixedSignature, SshCurves.Hash(bits), DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    private sealed record Parsed(byte[] PublicKey, string Namespace, byte[] Reserved, string Hash, byte[] Signature);
}
