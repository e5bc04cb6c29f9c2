using GitOps.Fuzz;
using GitOps.Testing;

namespace GitOps.Cli.Tests.Fuzz;

/// <summary>
/// CI's short smoke of every fuzz harness (fuzz/run.sh runs them under AFL++): each target's entry on its seed
/// corpus and on the inputs that once crashed it, which must now pass or be refused with a typed error.
/// </summary>
public sealed class FuzzSmokeTests
{
    private static readonly string FuzzRoot = Path.Combine(SharedData.RepositoryRoot, "fuzz");

    private static IEnumerable<string> Targets() => FuzzTargets.All.Keys;

    [TestCaseSource(nameof(Targets))]
    public void Every_seed_and_fixed_finding_of_the_harness_runs_without_an_untyped_failure(string target)
    {
        var inputs = new[] { "corpus", "regressions" }
            .Select(folder => Path.Combine(FuzzRoot, folder, target))
            .Where(Directory.Exists)
            .SelectMany(directory => Directory.GetFiles(directory))
            .ToList();

        Assert.That(inputs, Is.Not.Empty, $"fuzz/corpus/{target} holds the harness's seeds");
        foreach (var input in inputs)
        {
            Assert.That(() => FuzzTargets.Run(FuzzTargets.All[target], File.ReadAllBytes(input)), Throws.Nothing, input);
        }
    }

    [Test]
    public void Every_corpus_folder_has_a_harness()
    {
        var folders = Directory.GetDirectories(Path.Combine(FuzzRoot, "corpus")).Select(Path.GetFileName);

        Assert.That(folders, Is.EquivalentTo(FuzzTargets.All.Keys));
    }
}
