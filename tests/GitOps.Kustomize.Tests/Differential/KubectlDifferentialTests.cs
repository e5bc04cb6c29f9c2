using System.Globalization;

namespace GitOps.Kustomize.Tests.Differential;

/// <summary>Builds generated trees with our engine and with <c>kubectl kustomize</c> and requires identical output.</summary>
[Parallelizable(ParallelScope.All)]
public sealed class KubectlDifferentialTests
{
    public static IEnumerable<int> Seeds() => Enumerable.Range(1, 40);

    [TestCaseSource(nameof(Seeds))]
    public async Task A_generated_tree_builds_exactly_as_kubectl_kustomize(int seed)
    {
        Kubectl.Require();
        using var temp = new TemporaryDirectory();
        var overlay = new TreeGenerator(seed).Write(temp.Path);
        var (code, expected, stderr) = Kubectl.Kustomize(overlay);
        string? actual = null;
        GitOpsException? failure = null;
        try
        {
            actual = (await new KustomizeBuilder().BuildAsync(overlay)).ToYaml();
        }
        catch (GitOpsException ex)
        {
            failure = ex;
        }

        if (code != 0)
        {
            Assert.That(failure, Is.Not.Null, "kubectl failed (" + stderr.Trim() + ") but we built:\n" + actual);
            return;
        }

        Assert.That(failure, Is.Null, () => "we failed but kubectl built: " + failure!.Message);
        Assert.That(actual, Is.EqualTo(expected), "seed " + seed.ToString(CultureInfo.InvariantCulture) + ", tree under " + temp.Path);
    }
}
