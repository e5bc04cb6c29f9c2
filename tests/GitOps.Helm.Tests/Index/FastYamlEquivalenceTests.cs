using System.IO.Compression;
using GitOps.Helm.Index;
using GitOps.Helm.Index.Internal;
using GitOps.Helm.Tests.Conformance;

namespace GitOps.Helm.Tests.Index;

/// <summary>
/// The fast YAML path must emit exactly the tokens the full YAML parser emits, or give up; checked on the real
/// indexes (including the 50 MiB synthetic one) and on every index case file.
/// </summary>
public sealed class FastYamlEquivalenceTests
{
    public static IEnumerable<TestCaseData> Files()
    {
        var dir = GitOps.Testing.SharedData.TryResolve(HelmConformanceData.Directory);
        if (dir is null)
        {
            yield return new TestCaseData(string.Empty).SetName("shared helm data is present");
            yield break;
        }

        foreach (var file in Directory.GetFiles(Path.Combine(dir, "indexes"), "*.index.yaml*").Order(StringComparer.Ordinal))
        {
            yield return new TestCaseData(file).SetName("indexes/" + Path.GetFileName(file));
        }

        foreach (var file in Directory.GetFiles(Path.Combine(dir, "index-cases")).Order(StringComparer.Ordinal))
        {
            yield return new TestCaseData(file).SetName("index-cases/" + Path.GetFileName(file));
        }
    }

    [TestCaseSource(nameof(Files))]
    public void The_fast_path_emits_the_full_parsers_tokens_or_gives_up(string file)
    {
        if (file.Length == 0)
        {
            GitOps.Testing.SharedData.Require(HelmConformanceData.Directory);
        }

        var expected = Tokens(file, fast: false, out var expectedError);
        var actual = Tokens(file, fast: true, out var actualError);
        if (actualError is UnsupportedYamlException)
        {
            // Real repository indexes must take the fast path; the edge cases may fall back to the full parser.
            Assert.That(Path.GetFileName(Path.GetDirectoryName(file)), Is.Not.EqualTo("indexes"), "a real index fell back: " + actualError.Message);
            Assert.Pass("the fast path gave up: " + actualError.Message);
        }

        if (expectedError is not null)
        {
            Assert.That(actualError, Is.Not.Null, $"the full parser failed ({expectedError.Message}) but the fast path did not");
            return;
        }

        Assert.That(actualError, Is.Null);
        Assert.That(actual.Count, Is.EqualTo(expected.Count), "token count");
        for (var i = 0; i < expected.Count; i++)
        {
            if (actual[i] != expected[i])
            {
                Assert.Fail($"token {i}: expected {expected[i]}, got {actual[i]}");
            }
        }
    }

    private static List<(TokenKind, ScalarType, string)> Tokens(string file, bool fast, out Exception? error)
    {
        var tokens = new List<(TokenKind, ScalarType, string)>();
        error = null;
        Stream stream = File.OpenRead(file);
        if (file.EndsWith(".gz", StringComparison.Ordinal))
        {
            stream = new GZipStream(stream, CompressionMode.Decompress);
        }

        using (stream)
        using (var text = new StreamReader(stream, detectEncodingFromByteOrderMarks: true))
        {
            IndexTokenReader reader = fast ? new FastYamlIndexReader(text) : new YamlIndexReader(text, 1_000_000, 1_000_000);
            try
            {
                while (true)
                {
                    var t = reader.Read();
                    if (t.Kind == TokenKind.EndOfDocument)
                    {
                        break;
                    }

                    tokens.Add((t.Kind, t.Type, t.Text));
                }
            }
            catch (Exception ex) when (ex is UnsupportedYamlException or HelmIndexException)
            {
                error = ex;
            }
        }

        return tokens;
    }
}
