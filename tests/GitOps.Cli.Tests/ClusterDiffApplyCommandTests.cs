using GitOps.Testing;

namespace GitOps.Cli.Tests;

// gitops diff / gitops apply against a live folder (the offline cluster); the lines and exit codes follow flux diff
// (flux2 internal/build/diff.go) and kustomize-controller's apply, inventory and prune.
public sealed class ClusterDiffApplyCommandTests
{
    private static readonly string Staging = Path.Combine(SharedData.RepositoryRoot, "samples", "app", "overlays", "staging");
    private static readonly string Production = Path.Combine(SharedData.RepositoryRoot, "samples", "app", "overlays", "production");

    private static TemporaryDirectory LiveWithNamespaces()
    {
        var live = new TemporaryDirectory();
        File.WriteAllText(Path.Combine(live.Path, "ns.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: podinfo-staging\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: podinfo-production\n");
        return live;
    }

    [Test]
    public async Task Apply_creates_then_reports_unchanged_and_diff_then_finds_no_drift()
    {
        using var live = LiveWithNamespaces();
        var first = await CliRun.RunAsync("apply", Staging, "--live", live.Path);
        Assert.That(first.ExitCode, Is.EqualTo(0), first.Error);
        Assert.That(first.Output, Is.EqualTo(
            "► ConfigMap/podinfo-staging/staging-podinfo-config-g76fkchtd9 created\n► Service/podinfo-staging/staging-podinfo created\n► Deployment/podinfo-staging/staging-podinfo created\n"));

        var second = await CliRun.RunAsync("apply", Staging, "--live", live.Path);
        Assert.That(second.Output, Does.Not.Contain("created").And.Contain("► Deployment/podinfo-staging/staging-podinfo unchanged"));

        var diff = await CliRun.RunAsync("diff", Staging, "--live", live.Path);
        Assert.That((diff.ExitCode, diff.Output), Is.EqualTo((0, string.Empty)));
    }

    [Test]
    public async Task Diff_shows_a_drifted_field_and_exits_one()
    {
        using var live = LiveWithNamespaces();
        await CliRun.RunAsync("apply", Staging, "--live", live.Path);
        var file = Directory.GetFiles(live.Path, "*_Deployment.yaml").Single();
        File.WriteAllText(file, File.ReadAllText(file).Replace("replicas: 1", "replicas: 7", StringComparison.Ordinal));

        var diff = await CliRun.RunAsync("diff", Staging, "--live", live.Path);
        Assert.That(diff.ExitCode, Is.EqualTo(1), diff.Error);
        Assert.That(diff.Output, Does.StartWith("► Deployment/podinfo-staging/staging-podinfo configured\n--- live/Deployment/podinfo-staging/staging-podinfo\n"));
        Assert.That(diff.Output, Does.Contain("-  replicas: 7\n+  replicas: 1\n"));
        Assert.That(diff.Output, Does.Contain("/spec/replicas owned by kustomize-controller (Apply)"));
    }

    [Test]
    public async Task Apply_with_prune_deletes_what_left_the_inventory()
    {
        using var live = LiveWithNamespaces();
        await CliRun.RunAsync("apply", Staging, "--live", live.Path, "--inventory", "default/app", "--prune");
        var run = await CliRun.RunAsync("apply", Production, "--live", live.Path, "--inventory", "default/app", "--prune");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        Assert.That(run.Output, Does.Contain("► Deployment/podinfo-production/prod-podinfo created\n"));
        Assert.That(run.Output, Does.EndWith("► Deployment/podinfo-staging/staging-podinfo deleted\n► Service/podinfo-staging/staging-podinfo deleted\n► ConfigMap/podinfo-staging/staging-podinfo-config-g76fkchtd9 deleted\n"));
        Assert.That(Directory.GetFiles(live.Path, "podinfo-staging_*"), Is.Empty);
    }

    [Test]
    public async Task A_failed_prune_is_one_error_line_and_exit_two_and_the_object_stays_in_the_inventory()
    {
        using var live = LiveWithNamespaces();
        await CliRun.RunAsync("apply", Staging, "--live", live.Path, "--inventory", "default/app", "--prune");
        var inventoryFile = Directory.GetFiles(live.Path, "default_app_*ConfigMap.yaml").Single();
        var text = File.ReadAllText(inventoryFile);
        // An inventory entry of a kind the cluster no longer serves: its deletion fails (kustomize-controller: prune failed).
        File.WriteAllText(inventoryFile, text.Replace("\"entries\":[", "\"entries\":[{\"id\":\"podinfo-staging_w_example.com_Widget\",\"v\":\"v1\"},", StringComparison.Ordinal));
        Assert.That(File.ReadAllText(inventoryFile), Is.Not.EqualTo(text), text);

        var run = await CliRun.RunAsync("apply", Staging, "--live", live.Path, "--inventory", "default/app", "--prune");
        Assert.That(run.ExitCode, Is.EqualTo(2), run.Output);
        Assert.That(run.Error, Does.StartWith("error: delete failed, errors: Widget/podinfo-staging/w delete failed: ").And.Contain("no matches for kind \"Widget\""));
        Assert.That(run.Error.TrimEnd('\n'), Does.Not.Contain('\n'));
        Assert.That(File.ReadAllText(Directory.GetFiles(live.Path, "default_app_*ConfigMap.yaml").Single()), Does.Contain("podinfo-staging_w_example.com_Widget"), "an unconfirmed deletion is kept for the next run");

        var again = await CliRun.RunAsync("apply", Staging, "--live", live.Path, "--inventory", "default/app", "--prune");
        Assert.That(again.ExitCode, Is.EqualTo(2), "the failure repeats while the deletion cannot be confirmed");
    }

    [Test]
    public async Task Bad_input_is_one_line_and_exit_two()
    {
        using var live = new TemporaryDirectory();
        var missingNamespace = await CliRun.RunAsync("diff", Staging, "--live", live.Path);
        Assert.That(missingNamespace.ExitCode, Is.EqualTo(2));
        Assert.That(missingNamespace.Error, Does.StartWith("error: ").And.Contain("namespaces \"podinfo-staging\" not found"));
        Assert.That(missingNamespace.Error.TrimEnd('\n'), Does.Not.Contain('\n'));

        var both = await CliRun.RunAsync("apply", Staging, "--live", live.Path, "--kubeconfig", "x");
        Assert.That((both.ExitCode, both.Error), Is.EqualTo((2, "error: give exactly one of --live DIR and --kubeconfig FILE\n")));
        var prune = await CliRun.RunAsync("apply", Staging, "--live", live.Path, "--prune");
        Assert.That((prune.ExitCode, prune.Error), Is.EqualTo((2, "error: --prune needs --inventory NS/NAME\n")));
    }
}

// gitops diff|apply --flux: DIR built by Flux's build layer, as flux diff kustomization --path does (flux2 internal/build/build.go, diff.go);
// Secret values masked as fluxcd/pkg ssa/sanitize.go SanitizeUnstructuredData masks them.
public sealed class ClusterDiffApplyFluxCommandTests
{
    private const string App =
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\ndata:\n  replicas: r${REPLICAS}\n---\n" +
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: web\nstringData:\n  password: ${PASSWORD}\n  user: admin\n";

    private static TemporaryDirectory Tree()
    {
        var temp = new TemporaryDirectory();
        temp.WriteFile("app/app.yaml", App);
        temp.WriteFile("live/ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: prod\n");
        temp.WriteFile("vars.env", "REPLICAS=2\n");
        return temp;
    }

    [Test]
    public async Task Apply_and_diff_build_with_the_target_namespace_and_post_build_variables()
    {
        using var temp = Tree();
        var apply = await CliRun.RunAsync("apply", temp.Combine("app"), "--live", temp.Combine("live"), "--flux", "--target-namespace", "prod",
            "--substitute-from", temp.Combine("vars.env"), "--substitute", "PASSWORD=s3cret");
        Assert.That(apply.ExitCode, Is.Zero, apply.Error);
        Assert.That(apply.Output, Is.EqualTo("► ConfigMap/prod/web created\n► Secret/prod/web created\n"));

        var same = await CliRun.RunAsync("diff", temp.Combine("app"), "--live", temp.Combine("live"), "--flux", "--target-namespace", "prod",
            "--substitute-from", temp.Combine("vars.env"), "--substitute", "PASSWORD=s3cret");
        Assert.That((same.ExitCode, same.Output, same.Error), Is.EqualTo((0, string.Empty, string.Empty)));

        var drift = await CliRun.RunAsync("diff", temp.Combine("app"), "--live", temp.Combine("live"), "--flux", "--target-namespace", "prod",
            "--substitute", "REPLICAS=3", "--substitute", "PASSWORD=changed");
        Assert.That(drift.ExitCode, Is.EqualTo(1), drift.Error);
        Assert.That(drift.Output, Does.Contain("► ConfigMap/prod/web configured\n").And.Contain("-  replicas: r2\n+  replicas: r3\n"));
        Assert.That(drift.Output, Does.Contain("► Secret/prod/web configured\n"));
        Assert.That(drift.Output, Does.Contain("-  password: '*** (before)'\n+  password: '*** (after)'\n   user: '***'\n"));
        Assert.That(drift.Output, Does.Not.Contain("czNjcmV0").And.Not.Contain("Y2hhbmdlZA").And.Not.Contain("YWRtaW4"));
    }

    [Test]
    public async Task Flux_options_without_flux_are_one_line_and_exit_two()
    {
        using var temp = Tree();
        var run = await CliRun.RunAsync("diff", temp.Combine("app"), "--live", temp.Combine("live"), "--substitute", "A=1");
        Assert.That((run.ExitCode, run.Error), Is.EqualTo((2, "error: --target-namespace, --substitute and --substitute-from need --flux\n")));
    }
}

// gitops diff --inventory: flux2 internal/build/diff.go prints the stale inventory objects as deleted (Flux's order) without
// counting them as drift.
public sealed class ClusterDiffInventoryCommandTests
{
    [Test]
    public async Task Diff_with_the_inventory_prints_what_an_apply_would_prune()
    {
        using var live = new TemporaryDirectory();
        live.WriteFile("ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: podinfo-staging\n");
        var staging = Path.Combine(SharedData.RepositoryRoot, "samples", "app", "overlays", "staging");
        await CliRun.RunAsync("apply", staging, "--live", live.Path, "--inventory", "default/app");
        using var app = new TemporaryDirectory();
        app.WriteFile("kustomization.yaml", "resources:\n- cm.yaml\n");
        app.WriteFile("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: only\n  namespace: podinfo-staging\n");

        var diff = await CliRun.RunAsync("diff", app.Path, "--live", live.Path, "--inventory", "default/app");
        Assert.That(diff.ExitCode, Is.EqualTo(1), diff.Error);
        Assert.That(diff.Output, Is.EqualTo(
            "► ConfigMap/podinfo-staging/only created\n► ConfigMap/podinfo-staging/staging-podinfo-config-g76fkchtd9 deleted\n" +
            "► Service/podinfo-staging/staging-podinfo deleted\n► Deployment/podinfo-staging/staging-podinfo deleted\n"));
    }
}
