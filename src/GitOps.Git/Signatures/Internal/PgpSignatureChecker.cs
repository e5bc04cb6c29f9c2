using System.Globalization;
using System.Text;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace GitOps.Git.Signatures.Internal;

/// <summary>
/// Verifies a detached, armoured OpenPGP signature over a payload against armoured public key rings
/// (BouncyCastle's OpenPGP). As go-crypto's <c>CheckArmoredDetachedSignature</c> in Flux: the signing (sub)key must
/// be in a ring, not revoked, and not expired when the signature was made; as go-crypto's defaults, data signatures
/// hashed with MD5, SHA-1 or RIPEMD-160 and DSA or ElGamal keys are refused. The primary key's id is reported.
/// </summary>
internal static class PgpSignatureChecker
{
    public static GitSignatureVerification Verify(string signature, ReadOnlySpan<byte> payload, IEnumerable<string> keyRings)
    {
        var signatures = ReadSignatures(signature);
        foreach (var ring in keyRings)
        {
            PgpPublicKeyRingBundle bundle;
            try
            {
                using var input = PgpUtilities.GetDecoderStream(new MemoryStream(Encoding.UTF8.GetBytes(ring)));
                bundle = new PgpPublicKeyRingBundle(input);
            }
            catch (Exception ex) when (ex is IOException or PgpException or ArgumentException)
            {
                throw new GitSignatureException($"unable to read armored key ring: {ex.Message}", ex);
            }

            foreach (var candidate in signatures)
            {
                if (Check(candidate, payload, bundle) is { } verified)
                {
                    return verified;
                }
            }
        }

        throw new GitSignatureException("unable to verify payload with any of the given key rings");
    }

    private static List<PgpSignature> ReadSignatures(string armoured)
    {
        try
        {
            using var input = PgpUtilities.GetDecoderStream(new MemoryStream(Encoding.UTF8.GetBytes(armoured)));
            var factory = new PgpObjectFactory(input);
            var found = new List<PgpSignature>();
            for (var item = factory.NextPgpObject(); item is not null; item = factory.NextPgpObject())
            {
                if (item is PgpSignatureList list)
                {
                    for (var i = 0; i < list.Count; i++)
                    {
                        found.Add(list[i]);
                    }
                }
            }

            return found.Count > 0 ? found : throw new GitSignatureException("unable to read the PGP signature: it holds no signature packet");
        }
        catch (Exception ex) when (ex is IOException or PgpException or ArgumentException)
        {
            throw new GitSignatureException($"unable to read the PGP signature: {ex.Message}", ex);
        }
    }

    private static GitSignatureVerification? Check(PgpSignature signature, ReadOnlySpan<byte> payload, PgpPublicKeyRingBundle bundle)
    {
        if (signature.SignatureType is not (PgpSignature.BinaryDocument or PgpSignature.CanonicalTextDocument)
            || signature.HashAlgorithm is HashAlgorithmTag.MD5 or HashAlgorithmTag.Sha1 or HashAlgorithmTag.RipeMD160
            || signature.KeyAlgorithm is PublicKeyAlgorithmTag.Dsa or PublicKeyAlgorithmTag.ElGamalGeneral or PublicKeyAlgorithmTag.ElGamalEncrypt)
        {
            return null;
        }

        var ring = bundle.GetPublicKeyRing(signature.KeyId);
        var key = ring?.GetPublicKey(signature.KeyId);
        if (ring is null || key is null || key.HasRevocation() || ring.GetPublicKey().HasRevocation())
        {
            return null;
        }

        var validSeconds = key.GetValidSeconds();
        if (validSeconds > 0 && signature.CreationTime > key.CreationTime.AddSeconds(validSeconds))
        {
            return null;
        }

        try
        {
            signature.InitVerify(key);
            signature.Update(payload.ToArray());
            if (!signature.Verify())
            {
                return null;
            }
        }
        catch (PgpException)
        {
            return null;
        }

        var primary = ring.GetPublicKey();
        return new GitSignatureVerification(
            GitSignatureFormat.Pgp,
            KeyId(primary.KeyId),
            Convert.ToHexString(primary.GetFingerprint()),
            KeyId(key.KeyId));
    }

    private static string KeyId(long keyId) => ((ulong)keyId).ToString("X16", CultureInfo.InvariantCulture);
}
