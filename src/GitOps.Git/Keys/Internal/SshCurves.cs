using System.Security.Cryptography;

namespace GitOps.Git.Keys.Internal;

/// <summary>The NIST curves SSH names <c>nistp256</c>, <c>nistp384</c> and <c>nistp521</c>, with their hash (RFC 5656 §6.2.1).</summary>
internal static class SshCurves
{
    public static int Bits(string curve) => curve switch
    {
        "nistp256" => 256,
        "nistp384" => 384,
        "nistp521" => 521,
        _ => throw new FormatException($"unsupported curve '{curve}'"),
    };

    public static ECCurve Curve(int bits) => bits switch
    {
        256 => ECCurve.NamedCurves.nistP256,
        384 => ECCurve.NamedCurves.nistP384,
        _ => ECCurve.NamedCurves.nistP521,
    };

    public static HashAlgorithmName Hash(int bits) => bits switch
    {
        256 => HashAlgorithmName.SHA256,
        384 => HashAlgorithmName.SHA384,
        _ => HashAlgorithmName.SHA512,
    };

    public static string Name(int bits) => "nistp" + bits.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Bytes per coordinate.</summary>
    public static int CoordinateLength(int bits) => (bits + 7) / 8;
}
