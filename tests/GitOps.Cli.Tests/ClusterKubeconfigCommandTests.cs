using GitOps.Kubernetes.Clusters;
using GitOps.Kubernetes.Emulator.Http;
using GitOps.Ssa.Values;
using GitOps.Testing;

namespace GitOps.Cli.Tests;

// gitops diff / gitops apply --kubeconfig against the API-server emulator on 127.0.0.1 (HTTPS, its CA and bearer token
// through the kubeconfig it writes): the lines and exit codes of flux diff (flux2 internal/build/diff.go) and
// kustomize-controller's apply, with the inventory in a ConfigMap in the cluster.
[NonParallelizable]
public sealed class ClusterKubeconfigCommandTests
{
    private static readonly string Staging = Path.Combine(SharedData.RepositoryRoot, "samples", "app", "overlays", "staging");
    private static readonly string Production = Path.Combine(SharedData.RepositoryRoot, "samples", "app", "overlays", "production");

    private KubernetesEmulator _emulator = null!;
    private TemporaryDirectory _directory = null!;
    private string _kubeconfig = null!;

    [SetUp]
    public async Task StartAsync()
    {
        // A fresh server per test: the sample overlays use fixed namespaces.
        _emulator = await KubernetesEmulator.StartAsync();
        _directory = new TemporaryDirectory();
        _kubeconfig = _directory.Combine("kubeconfig");
        await _emulator.WriteKubeconfigAsync(_kubeconfig);
        using var cluster = await LiveCluster.FromKubeconfigFileAsync(_kubeconfig);
        foreach (var ns in new[] { "podinfo-staging", "podinfo-production" })
        {
            await cluster.ApplyAsync(SsaValue.ParseYaml($"apiVersion: v1\nkind: Namespace\nmetadata: {{name: {ns}}}\n")!, new ApplyRequest("setup", Force: false, DryRun: false));
        }
    }

    [TearDown]
    public async Task StopAsync()
    {
        await _emulator.DisposeAsync();
        _directory.Dispose();
    }

    [Test]
    public async Task Apply_creates_then_reports_unchanged_and_diff_then_finds_no_drift()
    {
        var first = await CliRun.RunAsync("apply", Staging, "--kubeconfig", _kubeconfig);
        Assert.That(first.ExitCode, Is.EqualTo(0), first.Error);
        Assert.That(first.Output, Is.EqualTo(
            "► ConfigMap/podinfo-staging/staging-podinfo-config-g76fkchtd9 created\n► Service/podinfo-staging/staging-podinfo created\n► Deployment/podinfo-staging/staging-podinfo created\n"));

        var second = await CliRun.RunAsync("apply", Staging, "--kubeconfig", _kubeconfig);
        Assert.That(second.Output, Is.EqualTo(
            "► ConfigMap/podinfo-staging/staging-podinfo-config-g76fkchtd9 unchanged\n► Service/podinfo-staging/staging-podinfo unchanged\n► Deployment/podinfo-staging/staging-podinfo unchanged\n"));

        var diff = await CliRun.RunAsync("diff", Staging, "--kubeconfig", _kubeconfig);
        Assert.That((diff.ExitCode, diff.Output, diff.Error), Is.EqualTo((0, string.Empty, string.Empty)));
    }

    [Test]
    public async Task Diff_before_any_apply_lists_what_would_be_created_and_exits_one()
    {
        var diff = await CliRun.RunAsync("diff", Staging, "--kubeconfig", _kubeconfig, "--context", "gitops-emulator");
        Assert.That(diff.ExitCode, Is.EqualTo(1), diff.Error);
        Assert.That(diff.Output, Is.EqualTo(
            "► ConfigMap/podinfo-staging/staging-podinfo-config-g76fkchtd9 created\n► Service/podinfo-staging/staging-podinfo created\n► Deployment/podinfo-staging/staging-podinfo created\n"));
    }

    [Test]
    public async Task Diff_shows_a_field_another_manager_drifted_with_its_culprit()
    {
        await CliRun.RunAsync("apply", Staging, "--kubeconfig", _kubeconfig);
        using (var cluster = await LiveCluster.FromKubeconfigFileAsync(_kubeconfig))
        {
            await cluster.ApplyAsync(SsaValue.ParseYaml("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: staging-podinfo, namespace: podinfo-staging}\nspec: {replicas: 7}\n")!, new ApplyRequest("kubectl-scale", Force: true, DryRun: false));
        }

        var diff = await CliRun.RunAsync("diff", Staging, "--kubeconfig", _kubeconfig);
        Assert.That(diff.ExitCode, Is.EqualTo(1), diff.Error);
        Assert.That(diff.Output, Does.StartWith("► Deployment/podinfo-staging/staging-podinfo configured\n--- live/Deployment/podinfo-staging/staging-podinfo\n"));
        Assert.That(diff.Output, Does.Contain("-  replicas: 7\n+  replicas: 1\n"));
        Assert.That(diff.Output, Does.Contain("/spec/replicas owned by kubectl-scale (Apply)"));

        var apply = await CliRun.RunAsync("apply", Staging, "--kubeconfig", _kubeconfig);
        Assert.That(apply.Output, Does.Contain("► Deployment/podinfo-staging/staging-podinfo configured\n"));
        Assert.That((await CliRun.RunAsync("diff", Staging, "--kubeconfig", _kubeconfig)).ExitCode, Is.EqualTo(0));
    }

    [Test]
    public async Task Apply_keeps_the_inventory_in_a_config_map_and_prunes_what_left_it()
    {
        var first = await CliRun.RunAsync("apply", Staging, "--kubeconfig", _kubeconfig, "--inventory", "default/app", "--prune");
        Assert.That(first.ExitCode, Is.EqualTo(0), first.Error);
        var run = await CliRun.RunAsync("apply", Production, "--kubeconfig", _kubeconfig, "--inventory", "default/app", "--prune");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        Assert.That(run.Output, Does.Contain("► Deployment/podinfo-production/prod-podinfo created\n"));
        Assert.That(run.Output, Does.EndWith("► Deployment/podinfo-staging/staging-podinfo deleted\n► Service/podinfo-staging/staging-podinfo deleted\n► ConfigMap/podinfo-staging/staging-podinfo-config-g76fkchtd9 deleted\n"));

        using var cluster = await LiveCluster.FromKubeconfigFileAsync(_kubeconfig);
        Assert.That(await cluster.ListAsync("apps/v1", "Deployment", "podinfo-staging"), Is.Empty);
        var inventory = (await cluster.GetAsync(new ObjectReference("v1", "ConfigMap", "default", "app")))!;
        Assert.That(inventory.AsMap["data"].AsMap["inventory"].AsString, Does.Contain("podinfo-production_prod-podinfo_apps_Deployment").And.Not.Contain("podinfo-staging"));
        var labels = (await cluster.GetAsync(new ObjectReference("apps/v1", "Deployment", "podinfo-production", "prod-podinfo")))!.AsMap["metadata"].AsMap["labels"];
        Assert.That(labels.AsMap["kustomize.toolkit.fluxcd.io/name"].AsString, Is.EqualTo("app"));
    }

    [Test]
    public async Task Apply_with_wait_reports_ready_objects()
    {
        _directory.WriteFile("cm/kustomization.yaml", "resources: [cm.yaml]\n");
        _directory.WriteFile("cm/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: default}\ndata: {a: b}\n");
        var run = await CliRun.RunAsync("apply", _directory.Combine("cm"), "--kubeconfig", _kubeconfig, "--wait", "--timeout", "00:00:20");
        Assert.That((run.ExitCode, run.Output), Is.EqualTo((0, "► ConfigMap/default/settings created\n◎ all objects are ready\n")), run.Error);
    }

    [Test]
    public async Task A_missing_context_an_unreadable_kubeconfig_and_refused_credentials_are_one_line_and_exit_two()
    {
        var context = await CliRun.RunAsync("diff", Staging, "--kubeconfig", _kubeconfig, "--context", "nope");
        Assert.That((context.ExitCode, context.Error), Is.EqualTo((2, "error: kubeconfig: context \"nope\" not found\n")));

        var missing = await CliRun.RunAsync("apply", Staging, "--kubeconfig", _directory.Combine("absent"));
        Assert.That(missing.ExitCode, Is.EqualTo(2));
        Assert.That(missing.Error, Does.StartWith("error: kubeconfig ").And.EndWith(": no such file\n"));

        var withLive = await CliRun.RunAsync("diff", Staging, "--live", _directory.Path, "--context", "x");
        Assert.That((withLive.ExitCode, withLive.Error), Is.EqualTo((2, "error: --context needs --kubeconfig FILE\n")));

        var wrong = _directory.WriteFile("wrong", File.ReadAllText(_kubeconfig).Replace(_emulator.BearerToken, "wrong-token-abcdef", StringComparison.Ordinal));
        var refused = await CliRun.RunAsync("diff", Staging, "--kubeconfig", wrong);
        Assert.That(refused.ExitCode, Is.EqualTo(2));
        Assert.That(refused.Error, Does.StartWith("error: ").And.Not.Contain("wrong-token-abcdef"));
        Assert.That(refused.Error.TrimEnd('\n'), Does.Not.Contain('\n'));
    }
}
