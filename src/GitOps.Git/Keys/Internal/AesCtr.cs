using System.Security.Cryptography;

namespace GitOps.Git.Keys.Internal;

/// <summary>AES in counter mode (the counter is the whole 128-bit block, big-endian, as OpenSSH's aes256-ctr), built on AES-ECB.</summary>
internal static class AesCtr
{
    public static byte[] Transform(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> input)
    {
        using var aes = Aes.Create();
        aes.Key = key.ToArray();
        var counter = iv.ToArray();
        var blocks = (input.Length + 15) / 16;
        var stream = new byte[blocks * 16];
        for (var b = 0; b < blocks; b++)
        {
            counter.CopyTo(stream, b * 16);
            for (var i = 15; i >= 0 && ++counter[i] == 0; i--)
            {
            }
        }

        var keyStream = aes.EncryptEcb(stream, PaddingMode.None);
        var output = new byte[input.Length];
        for (var i = 0; i < input.Length; i++)
        {
            output[i] = (byte)(input[i] ^ keyStream[i]);
        }

        CryptographicOperations.ZeroMemory(keyStream);
        return output;
    }
}
