using GitOps.Artifacts;
using GitOps.Helm.Repositories;
using GitOps.Oci.Charts;
using GitOps.Oci.Registry;
using GitOps.Oci.Tests.Support;
using GitOps.Testing;

namespace GitOps.Oci.Tests.Charts;

/// <summary>Helm charts in oci:// repositories, both ways with the real helm v4 binary and docker-registry.</summary>
public sealed class OciHelmChartTests
{
    [Test]
    public async Task Charts_helm_pushed_pull_through_the_repository_client_with_helms_version_selection()
    {
        var registry = await Registries.GetAsync(RegistryMode.Plain);
        using var work = new TemporaryDirectory();
        var helm = await HelmBinary.GetAsync(work.Combine("helm"));
        var repository = $"oci://{registry.Host}/helm-pushed";
        var archives = new Dictionary<string, string>();
        foreach (var version in new[] { "0.1.0", "0.2.0", "0.2.1-rc.1", "1.0.0+build.1" })
        {
            archives[version] = await PackageAsync(helm, work, "demo", version);
            await helm.RunAsync("push", archives[version], repository, "--plain-http");
        }

        using var registryClient = new OciRegistryClient(registry.ClientOptions());
        var client = new HelmRepositoryClient(ociRegistry: new OciHelmChartClient(registryClient));
        var tilde = await client.PullAsync(repository, "demo", "~0.2", work.Combine("pulled-tilde"));
        var latest = await client.PullAsync(repository, "demo", null, work.Combine("pulled-latest"));
        var exact = await client.PullAsync(repository, "demo", "1.0.0+build.1", work.Combine("pulled-exact"));
        var devel = await client.PullAsync(repository, "demo", ">0.2.0-0 <1.0.0-0", work.Combine("pulled-devel"), devel: true);

        Assert.Multiple(async () =>
        {
            Assert.That(tilde.Metadata.Version, Is.EqualTo("0.2.0"));
            Assert.That(tilde.Verified, Is.True);
            Assert.That(tilde.Digest, Is.EqualTo(await DigestOfAsync(archives["0.2.0"])));
            Assert.That(File.ReadAllText(Path.Combine(tilde.ChartDirectory, "Chart.yaml")), Does.Contain("version: 0.2.0"));
            Assert.That(latest.Metadata.Version, Is.EqualTo("1.0.0+build.1"));
            Assert.That(exact.Url.ToString(), Does.Contain("/helm-pushed/demo:1.0.0_build.1@sha256:"));
            Assert.That(devel.Metadata.Version, Is.EqualTo("0.2.1-rc.1"));
        });
    }

    [Test]
    public async Task Charts_we_push_are_read_by_helm_show_chart_and_helm_pull()
    {
        var registry = await Registries.GetAsync(RegistryMode.Plain);
        using var work = new TemporaryDirectory();
        var helm = await HelmBinary.GetAsync(work.Combine("helm"));
        var archive = await PackageAsync(helm, work, "ours", "1.2.3+meta");
        using var registryClient = new OciRegistryClient(registry.ClientOptions());

        var pushed = await new OciHelmChartClient(registryClient).PushAsync(archive, $"oci://{registry.Host}/we-pushed");
        var shown = await helm.RunAsync("show", "chart", $"oci://{registry.Host}/we-pushed/ours", "--version", "1.2.3+meta", "--plain-http");
        Directory.CreateDirectory(work.Combine("helm-pulled")); // helm pull -d wants it there
        await helm.RunAsync("pull", $"oci://{registry.Host}/we-pushed/ours", "--version", "1.2.3+meta", "--plain-http", "-d", work.Combine("helm-pulled"));

        Assert.Multiple(async () =>
        {
            Assert.That(pushed.Tag, Is.EqualTo("1.2.3_meta"));
            Assert.That(shown, Does.Contain("name: ours").And.Contain("version: 1.2.3+meta"));
            Assert.That(await DigestOfAsync(work.Combine("helm-pulled", "ours-1.2.3+meta.tgz")), Is.EqualTo(await DigestOfAsync(archive)));
        });
    }

    [Test]
    public async Task A_missing_chart_version_is_not_found_and_leaves_nothing()
    {
        var registry = await Registries.GetAsync(RegistryMode.Plain);
        using var work = new TemporaryDirectory();
        var helm = await HelmBinary.GetAsync(work.Combine("helm"));
        await helm.RunAsync("push", await PackageAsync(helm, work, "lonely", "0.1.0"), $"oci://{registry.Host}/missing-version", "--plain-http");
        using var registryClient = new OciRegistryClient(registry.ClientOptions());
        var client = new HelmRepositoryClient(ociRegistry: new OciHelmChartClient(registryClient));

        var error = Assert.ThrowsAsync<OciNotFoundException>(() => client.PullAsync($"oci://{registry.Host}/missing-version", "lonely", ">=2.0.0", work.Combine("out")));

        Assert.That(error!.Message, Does.Contain("could not locate a version matching provided version string >=2.0.0"));
        Assert.That(Directory.Exists(work.Combine("out")), Is.False);
    }

    [Test]
    public async Task A_flux_artifact_is_not_taken_for_a_chart()
    {
        var registry = await Registries.GetAsync(RegistryMode.Plain);
        using var content = SampleContent.Create();
        using var registryClient = new OciRegistryClient(registry.ClientOptions());
        await new GitOps.Oci.Flux.FluxArtifactPusher(registryClient).PushAsync(content.Path, registry.Reference("not-charts/app", "1.0.0"));
        using var work = new TemporaryDirectory();

        var error = Assert.ThrowsAsync<OciManifestException>(() => new OciHelmChartClient(registryClient).PullAsync($"oci://{registry.Host}/not-charts/app", "1.0.0", work.Combine("out")));

        Assert.That(error!.Message, Does.Contain("is not a Helm chart"));
    }

    [Test]
    public void Without_an_oci_registry_the_repository_client_refuses_oci_urls()
    {
        var error = Assert.ThrowsAsync<HelmRepositoryException>(() => new HelmRepositoryClient().PullAsync("oci://127.0.0.1:1/charts", "demo", null, "unused"));

        Assert.That(error!.Message, Does.Contain("AddGitOpsOci"));
    }

    private static async Task<string> PackageAsync(HelmBinary helm, TemporaryDirectory work, string name, string version)
    {
        var source = work.Combine("src", name + "-" + version, name);
        Directory.CreateDirectory(Path.Combine(source, "templates"));
        await File.WriteAllTextAsync(Path.Combine(source, "Chart.yaml"), $"apiVersion: v2\nname: {name}\nversion: {version}\ndescription: a test chart\nappVersion: \"1.0\"\n");
        await File.WriteAllTextAsync(Path.Combine(source, "values.yaml"), "replicas: 1\n");
        await File.WriteAllTextAsync(Path.Combine(source, "templates", "cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n");
        var output = work.Combine("packages", version);
        await helm.RunAsync("package", source, "-d", output);
        return Directory.GetFiles(output, "*.tgz").Single();
    }

    private static async Task<Digest> DigestOfAsync(string file)
    {
        await using var stream = File.OpenRead(file);
        return await Digest.ComputeAsync(stream);
    }
}
