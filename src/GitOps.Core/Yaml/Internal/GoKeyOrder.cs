using System.Text;

namespace GitOps.Yaml.Internal;

/// <summary>
/// The order yaml.v2 gives string map keys: letters compare by code point, a letter sorts after a
/// non-letter, and runs of digits compare by numeric value ("a2" before "a10").
/// </summary>
internal sealed class GoKeyOrder : IComparer<string>
{
    public static readonly GoKeyOrder Instance = new();

    // Keys up to this many UTF-16 units are decoded on the stack (the writer sorts every mapping's keys).
    private const int StackRunes = 128;

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        Span<int> xBuffer = x!.Length <= StackRunes ? stackalloc int[x.Length] : new int[x.Length];
        Span<int> yBuffer = y!.Length <= StackRunes ? stackalloc int[y.Length] : new int[y.Length];
        ReadOnlySpan<int> xr = xBuffer[..Runes(x, xBuffer)];
        ReadOnlySpan<int> yr = yBuffer[..Runes(y, yBuffer)];
        if (Less(xr, yr))
        {
            return -1;
        }

        return Less(yr, xr) ? 1 : 0;
    }

    // Decodes s into code points (never more than its UTF-16 length) and returns how many.
    private static int Runes(string s, Span<int> into)
    {
        var n = 0;
        foreach (var rune in s.EnumerateRunes())
        {
            into[n++] = rune.Value;
        }

        return n;
    }

    private static bool IsLetter(int r) => Rune.IsLetter(new Rune(r));

    private static bool IsDigit(int r) => Rune.IsDigit(new Rune(r));

    private static bool Less(ReadOnlySpan<int> ar, ReadOnlySpan<int> br)
    {
        for (var i = 0; i < ar.Length && i < br.Length; i++)
        {
            if (ar[i] == br[i])
            {
                continue;
            }

            var al = IsLetter(ar[i]);
            var bl = IsLetter(br[i]);
            if (al && bl)
            {
                return ar[i] < br[i];
            }

            if (al || bl)
            {
                return bl;
            }

            long an = 0, bn = 0;
            if (ar[i] == '0' || br[i] == '0')
            {
                for (var j = i - 1; j >= 0 && IsDigit(ar[j]); j--)
                {
                    if (ar[j] != '0')
                    {
                        an = 1;
                        bn = 1;
                        break;
                    }
                }
            }

            int ai, bi;
            for (ai = i; ai < ar.Length && IsDigit(ar[ai]); ai++)
            {
                an = (an * 10) + (ar[ai] - '0');
            }

            for (bi = i; bi < br.Length && IsDigit(br[bi]); bi++)
            {
                bn = (bn * 10) + (br[bi] - '0');
            }

            if (an != bn)
            {
                return an < bn;
            }

            if (ai != bi)
            {
                return ai < bi;
            }

            return ar[i] < br[i];
        }

        return ar.Length < br.Length;
    }
}
