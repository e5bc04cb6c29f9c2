using System.Diagnostics.CodeAnalysis;

namespace GitOps.Helm.Charts;

/// <summary>
/// Reads an index entry's <c>digest</c> as Helm does: anything up to the first colon (an algorithm such as
/// <c>sha256:</c>) is dropped, the rest must be hexadecimal (either case) of exactly 32 bytes.
/// </summary>
public static class HelmChartDigest
{
    /// <summary>Decodes <paramref name="digest"/> into the 32 SHA-256 bytes; on failure returns false with Helm's reason.</summary>
    public static bool TryParse(string digest, [NotNullWhen(true)] out byte[]? sha256, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(digest);
        sha256 = null;
        var colon = digest.IndexOf(':', StringComparison.Ordinal);
        var hex = colon >= 0 ? digest[(colon + 1)..] : digest;
        var bytes = new byte[hex.Length / 2];
        for (var i = 0; i + 1 < hex.Length; i += 2)
        {
            var hi = HexValue(hex[i]);
            if (hi < 0)
            {
                error = InvalidByte(hex[i]);
                return false;
            }

            var lo = HexValue(hex[i + 1]);
            if (lo < 0)
            {
                error = InvalidByte(hex[i + 1]);
                return false;
            }

            bytes[i / 2] = (byte)((hi << 4) | lo);
        }

        if (hex.Length % 2 == 1)
        {
            error = HexValue(hex[^1]) < 0 ? InvalidByte(hex[^1]) : "encoding/hex: odd length hex string";
            return false;
        }

        if (bytes.Length != 32)
        {
            error = $"invalid digest length: {bytes.Length}";
            return false;
        }

        sha256 = bytes;
        error = null;
        return true;
    }

    private static string InvalidByte(char c) => $"encoding/hex: invalid byte: U+{(int)c:X4} '{c}'";

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
