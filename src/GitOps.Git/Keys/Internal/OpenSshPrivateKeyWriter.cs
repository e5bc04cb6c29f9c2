using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace GitOps.Git.Keys.Internal;

/// <summary>
/// Writes the OpenSSH private key format (<c>openssh-key-v1</c>, PROTOCOL.key in OpenSSH) as <c>ssh-keygen</c> does:
/// one key, check integers, the comment, padding 1, 2, 3…, armoured with base64 lines of 70 characters; with a
/// passphrase, the private section is encrypted with aes256-ctr under a bcrypt_pbkdf key (16 rounds, 16-byte salt).
/// </summary>
internal static class OpenSshPrivateKeyWriter
{
    private const int LineLength = 70;
    private const int KdfRounds = 16;
    private const int SaltLength = 16;

    public static string Write(SshPublicKey publicKey, Action<SshWireWriter> writePrivateFields, string comment, string? passphrase)
    {
        var encrypted = passphrase is not null;
        var blockSize = encrypted ? 16 : 8;

        var secret = new SshWireWriter();
        var check = BinaryPrimitives.ReadUInt32BigEndian(RandomNumberGenerator.GetBytes(4));
        secret.WriteUInt32(check);
        secret.WriteUInt32(check);
        writePrivateFields(secret);
        secret.WriteString(comment);
        for (byte pad = 1; secret.Length % blockSize != 0; pad++)
        {
            secret.WriteRaw([pad]);
        }

        var file = new SshWireWriter();
        file.WriteRaw("openssh-key-v1\0"u8);
        byte[] section;
        if (encrypted)
        {
            var salt = RandomNumberGenerator.GetBytes(SaltLength);
            var kdfOptions = new SshWireWriter();
            kdfOptions.WriteString(salt);
            kdfOptions.WriteUInt32(KdfRounds);
            file.WriteString("aes256-ctr");
            file.WriteString("bcrypt");
            file.WriteString(kdfOptions.WrittenSpan);
            var keyAndIv = BcryptPbkdf.DeriveKey(Encoding.UTF8.GetBytes(passphrase!), salt, KdfRounds, 32 + 16);
            section = AesCtr.Transform(keyAndIv.AsSpan(0, 32), keyAndIv.AsSpan(32, 16), secret.WrittenSpan);
            CryptographicOperations.ZeroMemory(keyAndIv);
        }
        else
        {
            file.WriteString("none");
            file.WriteString("none");
            file.WriteString(ReadOnlySpan<byte>.Empty);
            section = secret.ToArray();
        }

        file.WriteUInt32(1);
        file.WriteString(publicKey.Blob.Span);
        file.WriteString(section);
        CryptographicOperations.ZeroMemory(section);

        var base64 = Convert.ToBase64String(file.WrittenSpan);
        var text = new StringBuilder(base64.Length + 128);
        text.Append("-----BEGIN OPENSSH PRIVATE KEY-----\n");
        for (var i = 0; i < base64.Length; i += LineLength)
        {
            text.Append(base64, i, Math.Min(LineLength, base64.Length - i)).Append('\n');
        }

        text.Append("-----END OPENSSH PRIVATE KEY-----\n");
        return text.ToString();
    }
}
