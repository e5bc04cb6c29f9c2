using NUnit.Framework;
using NUnit.Framework.Internal;

namespace GitOps.Testing;

/// <summary>
/// The one known-gaps ratchet of the conformance corpora: a list of cases we do not pass yet, each with a reason,
/// read from text files (<c>#</c> comments and blank lines skipped). A listed case still runs: a wrong answer
/// (an assertion failure) ignores the test with the listed reason; a case that now passes fails until its line
/// is removed, so counts only go up; and a listed case that crashes (any other exception) is a failure, never a
/// skip, because a gap must be a wrong answer.
/// </summary>
public sealed class KnownGapList
{
    private readonly Dictionary<string, string> _gaps;

    private KnownGapList(Dictionary<string, string> gaps) => _gaps = gaps;

    /// <summary>Every listed case with its reason.</summary>
    public IReadOnlyDictionary<string, string> All => _gaps;

    /// <summary>
    /// Reads <paramref name="files"/> (a missing file is an empty list); each line is a case name and its reason
    /// split at the last <paramref name="separator"/> (names may then hold spaces), or at the first one when the
    /// separator is a single character.
    /// </summary>
    public static KnownGapList Load(string separator, params IEnumerable<string> files)
    {
        ArgumentException.ThrowIfNullOrEmpty(separator);
        var gaps = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files.Where(File.Exists))
        {
            foreach (var raw in File.ReadLines(file))
            {
                var line = raw.Trim();
                if (line.Length == 0 || line.StartsWith('#'))
                {
                    continue;
                }

                var at = separator.Length == 1 ? line.IndexOf(separator, StringComparison.Ordinal) : line.LastIndexOf(separator, StringComparison.Ordinal);
                var name = at < 0 ? line : line[..at].Trim();
                var reason = at < 0 ? "(no reason given)" : line[(at + separator.Length)..].Trim();
                if (!gaps.TryAdd(name, reason))
                {
                    throw new InvalidDataException($"{file}: '{name}' is listed twice");
                }
            }
        }

        return new KnownGapList(gaps);
    }

    /// <summary>The reason <paramref name="caseName"/> is listed, or null when it must pass.</summary>
    public string? ReasonFor(string caseName) => _gaps.GetValueOrDefault(caseName);

    /// <summary>Runs <paramref name="check"/> for <paramref name="caseName"/> under the ratchet's rules.</summary>
    public void Run(string caseName, Action check)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (!_gaps.TryGetValue(caseName, out var reason))
        {
            check();
            return;
        }

        try
        {
            using (new TestExecutionContext.IsolatedContext())
            {
                check();
            }
        }
        catch (AssertionException)
        {
            Assert.Ignore("known gap: " + reason);
        }

        Assert.Fail($"remove {caseName} from the known gaps: it passes now");
    }
}
