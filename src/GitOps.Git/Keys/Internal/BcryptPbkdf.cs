using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;

namespace GitOps.Git.Keys.Internal;

/// <summary>
/// OpenBSD's <c>bcrypt_pbkdf</c>, the key derivation OpenSSH uses for passphrase-protected private keys: a
/// PBKDF2-like loop over an expensive-key-schedule Blowfish hash of SHA-512 digests, with the output bytes
/// interleaved across blocks. Blowfish's initial state is the fractional hexadecimal digits of π, computed here
/// once (Machin's formula) instead of carried as a table of 1,042 constants.
/// </summary>
internal static class BcryptPbkdf
{
    private const int Words = 8;
    private const int HashSize = Words * 4;
    private static readonly Lazy<uint[]> PiWords = new(ComputePiWords);

    public static byte[] DeriveKey(ReadOnlySpan<byte> passphrase, ReadOnlySpan<byte> salt, int rounds, int keyLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(keyLength, 1);
        var key = new byte[keyLength];
        var stride = (keyLength + HashSize - 1) / HashSize;
        var amount = (keyLength + stride - 1) / stride;
        var sha2Pass = SHA512.HashData(passphrase);
        var countSalt = new byte[salt.Length + 4];
        salt.CopyTo(countSalt);
        var output = new byte[HashSize];
        var temp = new byte[HashSize];
        var remaining = keyLength;
        for (uint count = 1; remaining > 0; count++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(countSalt.AsSpan(salt.Length), count);
            Hash(sha2Pass, SHA512.HashData(countSalt), temp);
            temp.CopyTo(output, 0);
            for (var r = 1; r < rounds; r++)
            {
                Hash(sha2Pass, SHA512.HashData(temp), temp);
                for (var j = 0; j < HashSize; j++)
                {
                    output[j] ^= temp[j];
                }
            }

            var take = Math.Min(amount, remaining);
            int i;
            for (i = 0; i < take; i++)
            {
                var destination = (i * stride) + (int)(count - 1);
                if (destination >= keyLength)
                {
                    break;
                }

                key[destination] = output[i];
            }

            remaining -= i;
        }

        CryptographicOperations.ZeroMemory(sha2Pass);
        CryptographicOperations.ZeroMemory(output);
        CryptographicOperations.ZeroMemory(temp);
        return key;
    }

    private static void Hash(byte[] sha2Pass, byte[] sha2Salt, byte[] result)
    {
        var state = new Blowfish(PiWords.Value);
        state.ExpandState(sha2Salt, sha2Pass);
        for (var i = 0; i < 64; i++)
        {
            state.ExpandZeroState(sha2Salt);
            state.ExpandZeroState(sha2Pass);
        }

        Span<uint> data = stackalloc uint[Words];
        var magic = "OxychromaticBlowfishSwatDynamite"u8;
        var position = 0;
        for (var i = 0; i < Words; i++)
        {
            data[i] = Blowfish.StreamToWord(magic, ref position);
        }

        for (var i = 0; i < 64; i++)
        {
            for (var b = 0; b < Words; b += 2)
            {
                state.Encipher(ref data[b], ref data[b + 1]);
            }
        }

        for (var i = 0; i < Words; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(4 * i), data[i]);
        }
    }

    /// <summary>The first 18 + 4 × 256 32-bit words of π's fractional part in hexadecimal (Blowfish's P-array and S-boxes).</summary>
    private static uint[] ComputePiWords()
    {
        const int count = 18 + 1024;
        const int guard = 64;
        var bits = (count * 32) + guard;
        var one = BigInteger.One << bits;
        var pi = (16 * ArcCotangent(5, one)) - (4 * ArcCotangent(239, one));
        var fraction = (pi - (3 * one)) >> guard;
        var bytes = fraction.ToByteArray(isUnsigned: true, isBigEndian: true);
        var words = new uint[count];
        var offset = bytes.Length - (count * 4);
        for (var i = 0; i < count; i++)
        {
            words[i] = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(offset + (4 * i)));
        }

        return words;
    }

    /// <summary>arctan(1/x) scaled by <paramref name="one"/>, by its alternating series.</summary>
    private static BigInteger ArcCotangent(int x, BigInteger one)
    {
        var power = one / x;
        var sum = power;
        var xSquared = x * x;
        for (var n = 3; !power.IsZero; n += 2)
        {
            power /= xSquared;
            var term = power / n;
            sum = (n & 2) != 0 ? sum - term : sum + term;
        }

        return sum;
    }

    /// <summary>Blowfish with the key-schedule entry points bcrypt needs (Blowfish_expandstate, Blowfish_expand0state).</summary>
    private sealed class Blowfish
    {
        private readonly uint[] _p = new uint[18];
        private readonly uint[] _s = new uint[1024];

        public Blowfish(uint[] initial)
        {
            initial.AsSpan(0, 18).CopyTo(_p);
            initial.AsSpan(18).CopyTo(_s);
        }

        public static uint StreamToWord(ReadOnlySpan<byte> data, ref int position)
        {
            uint word = 0;
            for (var i = 0; i < 4; i++, position++)
            {
                if (position >= data.Length)
                {
                    position = 0;
                }

                word = (word << 8) | data[position];
            }

            return word;
        }

        /// <summary>Blowfish_expandstate; with empty <paramref name="data"/>, Blowfish_expand0state.</summary>
        public void ExpandState(ReadOnlySpan<byte> data, ReadOnlySpan<byte> key)
        {
            var position = 0;
            for (var i = 0; i < 18; i++)
            {
                _p[i] ^= StreamToWord(key, ref position);
            }

            position = 0;
            uint left = 0, right = 0;
            for (var i = 0; i < 18 + 1024; i += 2)
            {
                if (!data.IsEmpty)
                {
                    left ^= StreamToWord(data, ref position);
                    right ^= StreamToWord(data, ref position);
                }

                Encipher(ref left, ref right);
                var table = i < 18 ? _p.AsSpan(i) : _s.AsSpan(i - 18);
                table[0] = left;
                table[1] = right;
            }
        }

        public void ExpandZeroState(ReadOnlySpan<byte> key) => ExpandState(ReadOnlySpan<byte>.Empty, key);

        public void Encipher(ref uint left, ref uint right)
        {
            var l = left ^ _p[0];
            var r = right;
            for (var round = 1; round <= 16; round += 2)
            {
                r ^= F(l) ^ _p[round];
                l ^= F(r) ^ _p[round + 1];
            }

            left = r ^ _p[17];
            right = l;
        }

        private uint F(uint x) =>
            ((_s[x >> 24] + _s[0x100 + ((x >> 16) & 0xff)]) ^ _s[0x200 + ((x >> 8) & 0xff)]) + _s[0x300 + (x & 0xff)];
    }
}
