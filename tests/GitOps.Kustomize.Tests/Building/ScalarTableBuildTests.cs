namespace GitOps.Kustomize.Tests.Building;

/// <summary>
/// Core's Go-recorded scalar table (tests/GitOps.Core.Tests/Yaml/Scalars/scalars.json) through a whole kustomize
/// build: each case's object is the only resource of a kustomization, printed as kubectl kustomize printed it.
/// </summary>
public sealed class ScalarTableBuildTests
{
    // Cases where our build still differs from kubectl kustomize; a case that starts to agree must leave this list.
    private static readonly HashSet<string> KnownGaps = new(StringComparer.Ordinal)
    {
        "merge quoted key", // kustomize drops a quoted '<<' key; we keep it as an ordinary key
    };

    private static IEnumerable<GoScalarCase> Cases() => GoScalarTable.Cases;

    [TestCaseSource(nameof(Cases))]
    public async Task A_build_prints_each_scalar_as_kubectl_kustomize_does(GoScalarCase c)
    {
        var mismatch = await MismatchAsync(c);
        if (KnownGaps.Contains(c.Name))
        {
            Assert.That(mismatch, Is.Not.Null, "a known gap now agrees with kubectl kustomize: remove it from the list");
            return;
        }

        Assert.That(mismatch, Is.Null);
    }

    private static async Task<string?> MismatchAsync(GoScalarCase c)
    {
        using var temp = new TemporaryDirectory();
        temp.WriteFile("kustomization.yaml", "resources:\n- r.yaml\n");
        temp.WriteFile("r.yaml", c.Document());
        string printed;
        try
        {
            printed = (await new KustomizeBuilder().BuildAsync(temp.Path)).ToYaml();
        }
        catch (GitOpsException ex)
        {
            return c.KYaml.Text is null ? null : "we refuse it: " + ex.Message;
        }

        if (c.KYaml.Text is null)
        {
            return "kubectl kustomize refuses it but we print " + printed;
        }

        var text = printed[(printed.IndexOf("\nv:", StringComparison.Ordinal) + 1)..];
        return text == c.KYaml.Text ? null : $"we print {text} where kubectl kustomize prints {c.KYaml.Text}";
    }
}
