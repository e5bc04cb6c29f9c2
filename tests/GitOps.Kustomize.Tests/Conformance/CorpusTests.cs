namespace GitOps.Kustomize.Tests.Conformance;

/// <summary>
/// Every case of the shared corpus, built in-process and compared byte for byte with what
/// <c>kubectl kustomize</c> v5.5 printed (or, for error cases, required to fail with a
/// <see cref="KustomizeException"/>). Any other exception is a crash and always fails.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class CorpusTests
{
    private static readonly KustomizeBuilder Builder = new();

    [TestCaseSource(typeof(KustomizeCorpus), nameof(KustomizeCorpus.Cases))]
    public void Case_builds_exactly_as_kubectl_kustomize(string caseName)
    {
        var dir = SharedData.Require(KustomizeCorpus.RelativeRoot + "/cases/" + caseName);
        var failure = Run(dir);
        var gap = KnownGaps.ReasonFor(caseName);
        if (gap is not null)
        {
            if (failure is null)
            {
                Assert.Fail($"{caseName} now passes: remove {caseName} from KnownGaps.txt");
            }

            Assert.Ignore("known gap: " + gap);
        }

        if (failure is not null)
        {
            Assert.Fail(failure);
        }
    }

    [Test]
    public void No_in_scope_case_is_listed_as_a_known_gap()
    {
        var index = SharedData.Require(KustomizeCorpus.RelativeRoot + "/index.json");
        var inScope = KustomizeCorpus.InScopeCases(index);
        Assert.That(inScope, Has.Count.EqualTo(190), "the in-scope selection of issue 5");
        Assert.That(inScope.Where(c => KnownGaps.ReasonFor(c) is not null), Is.Empty);
    }

    [Test]
    public void Every_known_gap_names_a_corpus_case()
    {
        var cases = SharedData.Require(KustomizeCorpus.RelativeRoot + "/cases");
        Assert.That(KnownGaps.All.Keys.Where(k => !Directory.Exists(Path.Combine(cases, k))), Is.Empty);
    }

    /// <summary>Builds one case; returns why it failed, or null when it matched.</summary>
    internal static string? Run(string caseDir)
    {
        var entryFile = Path.Combine(caseDir, "entry");
        var entry = File.Exists(entryFile) ? File.ReadAllLines(entryFile)[0].Trim() : ".";
        var target = Path.Combine(caseDir, entry);
        var expectedPath = Path.Combine(caseDir, "expected.yaml");
        var expectError = !File.Exists(expectedPath);
        string actual;
        try
        {
            actual = Builder.Build(target, KustomizeBuildOptions.Default, CancellationToken.None).ToYaml();
        }
        catch (GitOpsException ex)
        {
            if (!expectError)
            {
                return "the build failed but kubectl kustomize succeeds: " + ex.Message;
            }

            // kubectl ran in the case directory; its messages were recorded with paths relative to it, made
            // as the corpus's build_corpus.py made them (the directory itself is '.', its parent '../').
            var abs = Path.GetFullPath(caseDir).TrimEnd('/');
            var message = ex.Message.Replace(abs + "/", string.Empty, StringComparison.Ordinal)
                .Replace(abs, ".", StringComparison.Ordinal)
                .Replace(Path.GetDirectoryName(abs) + "/", "../", StringComparison.Ordinal);
            var cause = ExpectedErrors.InnermostCause(File.ReadAllText(Path.Combine(caseDir, "expected.err")));
            return cause is null || message.Contains(cause, StringComparison.Ordinal)
                ? null
                : $"the build fails, but the message does not carry kustomize's innermost cause\n  expected to contain: {cause}\n  actual: {message}";
        }

        if (expectError)
        {
            return "the build succeeded but kubectl kustomize fails: " + File.ReadAllText(Path.Combine(caseDir, "expected.err")).Trim();
        }

        var expected = File.ReadAllText(expectedPath);
        return actual == expected ? null : Describe(expected, actual);
    }

    private static string Describe(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (var i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            var el = i < e.Length ? e[i] : "<end>";
            var al = i < a.Length ? a[i] : "<end>";
            if (el != al)
            {
                return $"output differs at line {i + 1}:\n  expected: {el}\n  actual:   {al}";
            }
        }

        return "output differs";
    }
}
