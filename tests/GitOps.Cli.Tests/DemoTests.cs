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
    public async Task The_server_side_apply_step_shows_the_autoscaler_conflict_and_both_ways_out()
    {
        var (run, lines, start) = await RunDemoAtStepAsync("Server-side apply");

        Assert.That(lines.Skip(start + 1).Take(5), Is.EqualTo(new[]
        {
            "  apply prod-podinfo as gitops: created with replicas 3; managedFields: gitops Apply 18 fields",
            "  hpa scales through /scale to 5; managedFields: gitops Apply 17 fields, hpa Update /scale .spec.replicas",
            "  re-apply as gitops: 409 Apply failed with 1 conflict: conflict with \"hpa\" with subresource \"scale\" using apps/v1: .spec.replicas",
            "  apply without spec.replicas: replicas stay 5; managedFields: gitops Apply 17 fields, hpa Update /scale .spec.replicas",
            "  or apply with --force: replicas back to 3; managedFields: gitops Apply 18 fields",
        }));
        Assert.That(lines[start + 6], Does.Match(@"^  done in \d+ ms$"));
        Assert.That(run.Output, Does.Match(@"\d+ steps succeeded"));
    }

    [Test]
    public async Task The_image_automation_step_bumps_staging_and_the_receiver_checks_the_hmac()
    {
        var (_, lines, start) = await RunDemoAtStepAsync("Bump the staging image");

        Assert.Multiple(() =>
        {
            Assert.That(lines[start + 1], Is.EqualTo("  policy semver ^6.7 over [6.6.3, 6.7.0, 6.7.1, 6.8.0, 6.8.0.sig, 7.0.0-rc.1, latest] picks 6.8.0"));
            Assert.That(lines[start + 2], Is.EqualTo("  overlays/staging/kustomization.yaml: flux-system:podinfo:tag: 6.7.1 -> 6.8.0"));
            Assert.That(lines[start + 3], Does.Match(@"^  posted the event to http://127\.0\.0\.1:\d+/hooks/flux: the receiver verified X-Signature sha256=[0-9a-f]{12}…$"));
        });
    }

    [Test]
    public async Task The_overlays_use_a_patch_and_a_flux_substitution()
    {
        var (_, lines, start) = await RunDemoAtStepAsync("Check the production patch");

        Assert.That(lines.Skip(start + 1).Take(2), Is.EqualTo(new[]
        {
            "  overlays/production: the patch sets prod-podinfo's memory limit to 256Mi",
            "  overlays/staging with cluster_name=eu-west-1: gitops.example/cluster is eu-west-1 on 3 of 3 objects (plain kustomize leaves ${cluster_name:=local})",
        }));
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

    /// <summary>Runs the demo; returns its result, its output lines and the index of the step whose title starts so.</summary>
    private static async Task<(CliRun Run, List<string> Lines, int Start)> RunDemoAtStepAsync(string title)
    {
        var run = await CliRun.RunAsync("demo");
        var lines = run.Output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var start = lines.FindIndex(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\[\d+/\d+\] " + System.Text.RegularExpressions.Regex.Escape(title)));
        Assert.That(run.ExitCode, Is.Zero, run.Error);
        Assert.That(start, Is.GreaterThan(0), run.Output);
        return (run, lines, start);
    }
}
