using GitOps.Testing;

namespace GitOps.Cli.Tests;

public sealed class ImageCommandTests
{
    [Test]
    public async Task Image_update_rewrites_marked_files_and_prints_each_change()
    {
        using var dir = new TemporaryDirectory();
        dir.WriteFile("deploy/app.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: apps\nspec:\n  image: app:v1 # {\"$imagepolicy\": \"flux-system:app\"}\n  tag: v1 # {\"$imagepolicy\": \"flux-system:app:tag\"}\n");

        var run = await CliRun.RunAsync("image", "update", dir.Path, "--set", "flux-system:app=ghcr.io/org/app:v2@sha256:abc");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
            Assert.That(run.Output, Is.EqualTo(
                "deploy/app.yaml: Deployment/apps/web: flux-system:app: app:v1 -> ghcr.io/org/app:v2@sha256:abc\n" +
                "deploy/app.yaml: Deployment/apps/web: flux-system:app:tag: v1 -> v2\n"));
            Assert.That(File.ReadAllText(dir.Combine("deploy/app.yaml")), Does.Contain("  image: ghcr.io/org/app:v2@sha256:abc # {"));
        });
    }

    [Test]
    public async Task Image_update_refuses_a_malformed_set_in_one_line()
    {
        using var dir = new TemporaryDirectory();

        var run = await CliRun.RunAsync("image", "update", dir.Path, "--set", "app=image");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(1));
            Assert.That(run.Error, Is.EqualTo("error: invalid --set 'app=image': expected NS:NAME=IMAGE:TAG[@DIGEST]\n"));
        });
    }

    [TestCase("--semver", ">=1.0.0", "v1.2.0")]
    [TestCase("--alphabetical", "desc", "1.0.0")]
    public async Task Image_policy_prints_the_chosen_tag(string option, string value, string expected)
    {
        using var dir = new TemporaryDirectory();
        var tags = dir.WriteFile("tags", "1.0.0\nv1.2.0\n1.2\n1.3.0-rc.1\n9.9.9.sig\n");

        var run = await CliRun.RunAsync("image", "policy", option, value, "--tags", tags);

        Assert.That(run.Output, Is.EqualTo(expected + "\n"), run.Error);
    }

    [Test]
    public async Task Image_policy_filters_and_extracts_from_a_tags_list_json()
    {
        using var dir = new TemporaryDirectory();
        var tags = dir.WriteFile("tags.json", "{\"name\":\"app\",\"tags\":[\"main-a-100\",\"main-b-300\",\"dev-c-900\",\"main-d-200\"]}");

        var run = await CliRun.RunAsync("image", "policy", "--numerical", "asc", "--filter", "^main-[a-z]+-(?P<ts>[0-9]+)$", "--extract", "$ts", "--tags", tags);

        Assert.That(run.Output, Is.EqualTo("main-b-300\n"), run.Error);
    }

    [Test]
    public async Task Image_policy_reports_Flux_errors_in_one_line()
    {
        using var dir = new TemporaryDirectory();
        var tags = dir.WriteFile("tags", "1\nlatest\n");

        var run = await CliRun.RunAsync("image", "policy", "--numerical", "asc", "--tags", tags);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(1));
            Assert.That(run.Error, Is.EqualTo("error: failed to parse invalid numeric value 'latest'\n"));
        });
    }

    [Test]
    public async Task Image_policy_lists_the_tags_from_a_real_registry_and_picks_as_Flux_does()
    {
        var binary = GitOps.Cli.Demo.OciArtifactStep.FindOnPath("docker-registry");
        if (binary is null)
        {
            const string message = "docker-registry is not installed (Debian package docker-registry): run .ci/install.sh";
            if (SharedData.IsCi)
            {
                Assert.Fail(message);
            }

            Assert.Ignore(message);
        }

        using var work = new TemporaryDirectory();
        work.WriteFile("app/a.yaml", "kind: ConfigMap\n");
        using var registry = await GitOps.Cli.Demo.OciArtifactStep.StartRegistryAsync(binary, work.Combine("registry"), CancellationToken.None);
        Assert.That(registry.Process, Is.Not.Null, registry.Problem);
        foreach (var tag in new[] { "1.2.0", "1.10.0", "1.9.3", "2.0.0-rc.1", "1.10.0.sig", "latest" })
        {
            var push = await CliRun.RunAsync("oci", "push", work.Combine("app"), $"oci://{registry.Host}/team/app:{tag}", "--plain-http");
            Assert.That(push.ExitCode, Is.Zero, push.Error);
        }

        var semver = await CliRun.RunAsync("image", "policy", "--semver", "1.x", $"oci://{registry.Host}/team/app", "--plain-http");
        var alphabetical = await CliRun.RunAsync("image", "policy", "--alphabetical", "asc", $"oci://{registry.Host}/team/app", "--plain-http");
        var missing = await CliRun.RunAsync("image", "policy", "--semver", "1.x", $"oci://{registry.Host}/team/none", "--plain-http");

        Assert.Multiple(() =>
        {
            Assert.That(semver.ExitCode, Is.Zero, semver.Error);
            Assert.That(semver.Output, Is.EqualTo("1.10.0\n"));
            Assert.That(alphabetical.Output, Is.EqualTo("latest\n"), "asc picks the greatest; the .sig tag is excluded by default");
            Assert.That(missing.ExitCode, Is.EqualTo(1));
            Assert.That(missing.Error.TrimEnd().Split('\n'), Has.Length.EqualTo(1), missing.Error);
        });
    }

    [Test]
    public async Task Image_policy_refuses_a_source_that_is_not_oci_in_one_line()
    {
        var run = await CliRun.RunAsync("image", "policy", "--semver", "1.x", "https://127.0.0.1:5000/app");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(1));
            Assert.That(run.Error, Does.StartWith("error: unsupported tag source 'https://127.0.0.1:5000/app'"));
        });
    }
}
