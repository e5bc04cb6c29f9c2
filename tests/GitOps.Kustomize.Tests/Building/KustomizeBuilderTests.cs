using Microsoft.Extensions.DependencyInjection;

namespace GitOps.Kustomize.Tests.Building;

public sealed class KustomizeBuilderTests
{
    private const string Deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n      - name: web\n        image: nginx\n        envFrom:\n        - configMapRef:\n            name: settings\n";

    private static TemporaryDirectory Tree(params (string Path, string Content)[] files)
    {
        var temp = new TemporaryDirectory();
        foreach (var (path, content) in files)
        {
            temp.WriteFile(path, content);
        }

        return temp;
    }

    [Test]
    public async Task A_base_builds_with_new_and_through_DI_alike()
    {
        using var temp = Tree(
            ("app/kustomization.yaml", "namePrefix: p-\nresources:\n- deployment.yaml\nconfigMapGenerator:\n- name: settings\n  literals:\n  - a=b\n"),
            ("app/deployment.yaml", Deployment));
        using var provider = new ServiceCollection().AddGitOpsKustomize().BuildServiceProvider();

        var direct = await new KustomizeBuilder().BuildAsync(temp.Combine("app"));
        var injected = await provider.GetRequiredService<KustomizeBuilder>().BuildAsync(temp.Combine("app"));

        Assert.That(direct.Resources, Has.Count.EqualTo(2));
        Assert.That(direct.Resources[0].GetString("kind"), Is.EqualTo("ConfigMap"));
        Assert.That(direct.Resources[0].GetMapping("metadata")!.GetString("name"), Does.Match("^p-settings-[a-z0-9]{10}$"));
        Assert.That(direct.ToYaml(), Does.Contain("name: " + direct.Resources[0].GetMapping("metadata")!.GetString("name")));
        Assert.That(injected.ToYaml(), Is.EqualTo(direct.ToYaml()));
    }

    [Test]
    public async Task Null_or_empty_annotations_are_dropped_as_kubectl_kustomize_drops_them_while_empty_labels_stay()
    {
        // Expected output made by kubectl kustomize v5.5.0 on the same tree (an argo-cd redis-ha Service has `annotations:`).
        using var temp = Tree(
            ("app/kustomization.yaml", "resources:\n- svc.yaml\n- list.yaml\n"),
            ("app/svc.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: redis-ha\n  annotations:\n  labels:\nspec:\n  ports:\n  - port: 80\n"),
            ("app/list.yaml", "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: c\n    annotations: {}\n    labels: {}\n"));

        var built = await new KustomizeBuilder().BuildAsync(temp.Combine("app"));

        Assert.That(built.ToYaml(), Is.EqualTo(
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels: {}\n  name: c\n---\n" +
            "apiVersion: v1\nkind: Service\nmetadata:\n  labels: null\n  name: redis-ha\nspec:\n  ports:\n  - port: 80\n"));
    }

    [Test]
    public async Task A_generator_file_swapped_for_a_symlink_outside_during_the_build_never_leaks_what_is_outside()
    {
        // Another process flips app/data between a regular file and a symlink to ../secret while builds run:
        // the file is checked and read through one handle, so a build either reads the regular file or is refused.
        using var temp = Tree(
            ("secret", "TOP-SECRET"),
            ("app/kustomization.yaml", "configMapGenerator:\n- name: c\n  files:\n  - data\n"),
            ("app/data", "harmless"));
        using var stop = new CancellationTokenSource();
        var flipper = FileFlipper.Start(temp.Combine("app", "data"), "../secret", new string('x', 64 * 1024), stop.Token);

        int leaked = 0, built = 0, refused = 0;
        for (var i = 0; i < 300; i++)
        {
            try
            {
                var result = await new KustomizeBuilder().BuildAsync(temp.Combine("app"));
                built++;
                if (result.ToYaml().Contains("TOP-SECRET", StringComparison.Ordinal))
                {
                    leaked++;
                }
            }
            catch (KustomizeException)
            {
                refused++;
            }
        }

        await stop.CancelAsync();
        var flipped = await flipper;
        TestContext.Out.WriteLine($"{built} built, {refused} refused, {leaked} leaked, {flipped} flips");
        Assert.That(leaked, Is.Zero);
        Assert.That(built + refused, Is.EqualTo(300));
        Assert.That(flipped, Is.GreaterThan(2), "the file was never swapped");
    }

    [Test]
    public void The_bytes_a_build_reads_from_files_are_capped_in_total()
    {
        using var temp = Tree(
            ("app/kustomization.yaml", "configMapGenerator:\n- name: c\n  files:\n  - a\n  - b\n  - c\n"),
            ("app/a", new string('a', 4000)),
            ("app/b", new string('b', 4000)),
            ("app/c", new string('c', 4000)));
        var options = new KustomizeBuildOptions { MaxFileBytes = 5000, MaxTotalFileBytes = 10_000 };

        Assert.That(() => new KustomizeBuilder().BuildAsync(temp.Combine("app"), options),
            Throws.TypeOf<KustomizeException>().With.Message.Contains("read more than the limit of 10000 bytes"));
    }

    [Test]
    public void A_file_outside_its_kustomization_directory_is_refused()
    {
        using var temp = Tree(("secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n"), ("app/kustomization.yaml", "resources:\n- ../secret.yaml\n"));

        Assert.That(() => new KustomizeBuilder().BuildAsync(temp.Combine("app")),
            Throws.TypeOf<KustomizeException>().With.Message.Contains("is not in or below"));
    }

    [Test]
    public void A_symlink_to_a_file_outside_is_refused()
    {
        using var temp = Tree(("outside/secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n"), ("app/kustomization.yaml", "resources:\n- link.yaml\n"));
        File.CreateSymbolicLink(temp.Combine("app", "link.yaml"), temp.Combine("outside", "secret.yaml"));

        Assert.That(() => new KustomizeBuilder().BuildAsync(temp.Combine("app")),
            Throws.TypeOf<KustomizeException>().With.Message.Contains("is not in or below"));
    }

    [Test]
    public async Task An_allowed_root_confines_bases_and_symlinked_directories_too()
    {
        using var temp = Tree(
            ("outside/base/kustomization.yaml", "resources:\n- d.yaml\n"),
            ("outside/base/d.yaml", Deployment),
            ("repo/app/kustomization.yaml", "resources:\n- ../../outside/base\n"),
            ("repo/linked/kustomization.yaml", "resources:\n- base\n"));
        Directory.CreateSymbolicLink(temp.Combine("repo", "linked", "base"), temp.Combine("outside", "base"));
        var confined = new KustomizeBuildOptions { AllowedRoot = temp.Combine("repo") };

        Assert.That((await new KustomizeBuilder().BuildAsync(temp.Combine("repo", "app"))).Resources, Has.Count.EqualTo(1), "kustomize itself allows bases anywhere");
        Assert.That(() => new KustomizeBuilder().BuildAsync(temp.Combine("repo", "app"), confined),
            Throws.TypeOf<KustomizeException>().With.Message.Contains("outside the allowed root"));
        Assert.That(() => new KustomizeBuilder().BuildAsync(temp.Combine("repo", "linked"), confined),
            Throws.TypeOf<KustomizeException>().With.Message.Contains("outside the allowed root"));
    }

    [TestCase("https://github.com/kubernetes-sigs/kustomize//examples/helloWorld?ref=v5.5.0")]
    [TestCase("github.com/kubernetes-sigs/kustomize/examples/helloWorld")]
    [TestCase("git@github.com:kubernetes-sigs/kustomize.git")]
    public void Remote_resources_are_refused_with_a_clear_error(string url)
    {
        using var temp = Tree(("kustomization.yaml", $"resources:\n- {url}\n"));

        Assert.That(() => new KustomizeBuilder().BuildAsync(temp.Path),
            Throws.TypeOf<KustomizeException>().With.Message.Contains("not supported: builds read local files only"));
    }

    [Test]
    public void A_directory_without_a_kustomization_names_the_files_it_looked_for()
    {
        using var temp = Tree(("readme.txt", "nothing here"));

        Assert.That(() => new KustomizeBuilder().BuildAsync(temp.Path),
            Throws.TypeOf<KustomizeException>().With.Message.Contains("unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization'"));
    }

    [Test]
    public void A_cycle_between_kustomizations_is_detected()
    {
        using var temp = Tree(("a/kustomization.yaml", "resources:\n- ../b\n"), ("b/kustomization.yaml", "resources:\n- ../a\n"));

        Assert.That(() => new KustomizeBuilder().BuildAsync(temp.Combine("a")),
            Throws.TypeOf<KustomizeException>().With.Message.Contains("cycle detected"));
    }

    [Test]
    public void Two_resources_with_the_same_id_conflict()
    {
        using var temp = Tree(("kustomization.yaml", "resources:\n- a.yaml\n- b.yaml\n"), ("a.yaml", Deployment), ("b.yaml", Deployment));

        Assert.That(() => new KustomizeBuilder().BuildAsync(temp.Path),
            Throws.TypeOf<KustomizeException>().With.Message.Contains("may not add resource with an already registered id"));
    }

    [Test]
    public void Unknown_kustomization_fields_are_errors_as_in_kustomize()
    {
        using var temp = Tree(("kustomization.yaml", "resources: []\nnamePrefx: x-\n"));

        Assert.That(() => new KustomizeBuilder().BuildAsync(temp.Path),
            Throws.TypeOf<KustomizeException>().With.Message.Contains("json: unknown field \"namePrefx\""));
    }

    [Test]
    public void The_resource_limit_stops_a_build()
    {
        var many = string.Join("---\n", Enumerable.Range(0, 20).Select(i => $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c{i}\n"));
        using var temp = Tree(("kustomization.yaml", "resources:\n- many.yaml\n"), ("many.yaml", many));

        Assert.That(() => new KustomizeBuilder().BuildAsync(temp.Path, new KustomizeBuildOptions { MaxResources = 10 }),
            Throws.TypeOf<KustomizeException>().With.Message.Contains("more than 10 resources"));
    }

    [Test]
    public void A_cancelled_build_throws_operation_cancelled()
    {
        using var temp = Tree(("kustomization.yaml", "resources:\n- d.yaml\n"), ("d.yaml", Deployment));
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.That(() => new KustomizeBuilder().BuildAsync(temp.Path, cancellationToken: cts.Token), Throws.InstanceOf<OperationCanceledException>());
    }
}
