using GitOps.Testing;

namespace GitOps.Cli.Tests;

public sealed class DemoTests
{
    [Test]
    public async Task The_demo_runs_every_step_and_keeps_its_work_directory_when_asked()
    {
        using var work = new TemporaryDirectory();

        var run = await CliRun.RunAsync("demo", "--work-dir", work.Path);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Zero, run.Error);
            Assert.That(run.Output, Does.Match(@"\d+ steps succeeded"));
            Assert.That(File.Exists(work.Combine("app", "base", "kustomization.yaml")), Is.True);
            Assert.That(File.Exists(work.Combine("app", "overlays", "production", "kustomization.yaml")), Is.True);
        });
    }

    [Test]
    public async Task The_embedded_sample_is_the_one_in_the_samples_folder()
    {
        using var work = new TemporaryDirectory();

        await CliRun.RunAsync("demo", "--work-dir", work.Path);

        var source = Path.Combine(SharedData.RepositoryRoot, "samples", "app");
        var expected = Directory.GetFiles(source, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(source, f)).Order(StringComparer.Ordinal).ToList();
        foreach (var relative in expected)
        {
            Assert.That(File.ReadAllBytes(work.Combine("app", relative)), Is.EqualTo(File.ReadAllBytes(Path.Combine(source, relative))), relative);
        }
    }
}
