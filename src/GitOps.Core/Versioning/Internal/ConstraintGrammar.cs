using System.Text.RegularExpressions;

namespace GitOps.Versioning.Internal;

/// <summary>
/// The constraint grammar of Masterminds/semver v3 (the library Helm uses), as regular expressions. Go's
/// RE2 and .NET's engine agree on leftmost-first matching, so captures come out the same; whitespace and
/// digits are spelled out as ASCII classes (Go's <c>\s</c> and <c>\d</c>), and Go's <c>$</c> is <c>\z</c>.
/// The version class keeps the library's quirk of also admitting <c>|</c>.
/// </summary>
internal static partial class ConstraintGrammar
{
    private const string Ws = "[\\t\\n\\f\\r ]";

    // Operators in the library's order; the second alternative is the empty operator.
    private const string Ops = "=||!=|>|<|>=|=>|<=|=<|~|~>|\\^";

    private const string Part = "[0-9|xX*]";
    private const string Ident = "[0-9A-Za-z-]+";

    // Groups: 1 major, 2 .minor, 3 .patch, 4 -prerelease, 5 prerelease, 6 (inner), 7 +metadata, 8 metadata, 9 (inner).
    private const string Cv = "v?(" + Part + "+)(\\." + Part + "+)?(\\." + Part + "+)?" +
        "(-(" + Ident + "(\\." + Ident + ")*))?" +
        "(\\+(" + Ident + "(\\." + Ident + ")*))?";

    private const int TimeoutMs = 1000;

    /// <summary>One term: operator (group 1) and version (group 2, its parts in 3..).</summary>
    [GeneratedRegex("^" + Ws + "*(" + Ops + ")" + Ws + "*(" + Cv + ")" + Ws + "*\\z", RegexOptions.CultureInvariant, TimeoutMs)]
    public static partial Regex Term();

    /// <summary>A hyphen range <c>A - B</c>: group 1 is A, group 11 is B.</summary>
    [GeneratedRegex(Ws + "*(" + Cv + ")" + Ws + "+-" + Ws + "+(" + Cv + ")" + Ws + "*", RegexOptions.CultureInvariant, TimeoutMs)]
    public static partial Regex HyphenRange();

    /// <summary>Finds each operator-and-version term inside one OR group.</summary>
    [GeneratedRegex("(" + Ops + ")" + Ws + "*(" + Cv + ")", RegexOptions.CultureInvariant, TimeoutMs)]
    public static partial Regex FindTerm();

    /// <summary>
    /// A whole OR group: terms separated by whitespace or commas. Its repeated, whitespace-ambiguous terms backtrack
    /// exponentially (fuzzing found 70-character groups running past the timeout), so it runs on the linear-time
    /// engine, as RE2 runs it in Go; only whether it matches is used.
    /// </summary>
    [GeneratedRegex(
        "^(" + Ws + "*(" + Ops + ")" + Ws + "*(" + Cv + ")" + Ws + "*)((?:" + Ws + "+|," + Ws + "*)(" + Ops + ")" + Ws + "*(" + Cv + ")" + Ws + "*)*\\z",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.NonBacktracking, TimeoutMs)]
    public static partial Regex ValidGroup();
}
