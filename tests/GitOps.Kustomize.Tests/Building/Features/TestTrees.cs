namespace GitOps.Kustomize.Tests.Building.Features;

/// <summary>
/// Small kustomization trees under TestData/&lt;feature&gt;/&lt;case&gt;, each with what <c>kubectl kustomize</c> (v5.5)
/// printed for it: <c>expected.yaml</c>, or <c>expected.err</c> holding its <c>err="..."</c> text.
/// </summary>
internal static class TestTrees
{
    private static readonly KustomizeBuilder Builder = new();

    public static string Directory(string feature, string name) => Path.Combine(TestContext.CurrentContext.TestDirectory, "TestData", feature, name);

    /// <summary>Builds the tree and checks it against kubectl's output or error.</summary>
    public static void BuildsAsKubectl(string feature, string name)
    {
        var dir = Directory(feature, name);
        var expectedYaml = Path.Combine(dir, "expected.yaml");
        if (File.Exists(expectedYaml))
        {
            var built = Builder.Build(dir, KustomizeBuildOptions.Default, CancellationToken.None).ToYaml();
            Assert.That(built, Is.EqualTo(File.ReadAllText(expectedYaml)));
            return;
        }

        var err = KubectlError(File.ReadAllText(Path.Combine(dir, "expected.err")));
        var ex = Assert.Throws<KustomizeException>(() => Builder.Build(dir, KustomizeBuildOptions.Default, CancellationToken.None));
        Assert.That(ex!.Message, Does.EndWith(err));
    }

    /// <summary>The message of kubectl's <c>err="..."</c>, unquoted.</summary>
    private static string KubectlError(string text)
    {
        var start = text.IndexOf("err=\"", StringComparison.Ordinal) + 5;
        var line = text[start..].Split('\n')[0].TrimEnd();
        return line[..^1].Replace("\\\"", "\"", StringComparison.Ordinal);
    }
}
