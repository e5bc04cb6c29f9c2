using GitOps.Kustomize.Flux;
using GitOps.Selectors;
using Microsoft.Extensions.DependencyInjection;

namespace GitOps.Kustomize.Tests.Flux;

/// <summary>
/// Flux's build layer as kustomize-controller runs it (<c>fluxcd/pkg kustomize/kustomize_generator.go</c>
/// GenerateManifest, scanManifests; <c>kustomize-controller internal/controller/kustomization_controller.go</c>
/// build and apply; <c>fluxcd/pkg ssa/utils/meta.go</c> SetCommonMetadata). Expected outputs were made by doing
/// Flux's steps by hand (writing the kustomization.yaml the generator writes) and running
/// <c>kubectl kustomize</c> v5.5.0 on the result.
/// </summary>
public sealed class FluxKustomizeBuilderTests
{
    private const string Deployment =
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels:\n    app: web\nspec:\n  replicas: 1\n  template:\n    spec:\n      containers:\n" +
        "      - name: web\n        image: nginx:1.0@sha256:0000000000000000000000000000000000000000000000000000000000000000\n" +
        "      - name: cache\n        image: redis\n      - name: tools\n        image: busybox:1.36\n";

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
    public async Task A_directory_without_a_kustomization_is_scanned_as_flux_scans_it()
    {
        // scanManifests: lexical walk, nested kustomization directories as resources (not entered), .yaml/.yml
        // only, empty files kept. Expected: kubectl kustomize on the generated
        // resources [./a.yaml, ./nested, ./sub/c.yml, ./sub/deeper/empty.yaml].
        using var temp = Tree(
            ("app/a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: v\n"),
            ("app/notes.txt", "not yaml at all"),
            ("app/nested/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamePrefix: n-\nresources:\n- svc.yaml\n"),
            ("app/nested/svc.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n  - port: 80\n"),
            ("app/sub/c.yml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: c\nstringData:\n  x: y\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: d\n"),
            ("app/sub/deeper/empty.yaml", string.Empty));

        var result = await new FluxKustomizeBuilder().BuildAsync(temp.Combine("app"));

        Assert.That(result.KustomizationGenerated, Is.True);
        Assert.That(result.Kustomization, Does.Contain("- ./a.yaml\n- ./nested\n- ./sub/c.yml\n- ./sub/deeper/empty.yaml\n"));
        Assert.That(result.ToYaml(), Is.EqualTo(
            "apiVersion: v1\ndata:\n  k: v\nkind: ConfigMap\nmetadata:\n  name: a\n---\n" +
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: d\n---\n" +
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: c\nstringData:\n  x: \"y\"\n---\n" +
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: n-s\nspec:\n  ports:\n  - port: 80\n"));
        Assert.That(File.Exists(temp.Combine("app/kustomization.yaml")), Is.False, "nothing is written to the directory");
    }

    [Test]
    public async Task An_empty_directory_gets_the_placeholder_namespace_and_builds_nothing()
    {
        using var temp = Tree(("app/README.md", "# nothing here\n"));

        var result = await new FluxKustomizeBuilder().BuildAsync(temp.Combine("app"));

        Assert.That(result.Kustomization, Does.Contain("namespace: _placeholder"));
        Assert.That(result.Resources, Is.Empty);
    }

    [Test]
    public async Task A_yaml_file_that_is_not_kubernetes_objects_fails_the_scan_with_fluxs_message()
    {
        using var temp = Tree(("app/values.yaml", "replicaCount: 2\n"));

        var ex = Assert.ThrowsAsync<KustomizeException>(() => new FluxKustomizeBuilder().BuildAsync(temp.Combine("app")));

        Assert.That(ex!.Message, Does.StartWith("kustomize build failed: failed to decode Kubernetes YAML from " + temp.Combine("app/values.yaml") + ": "));
    }

    [Test]
    public async Task Flux_fields_override_the_kustomization_and_images_replace_tag_and_digest_together()
    {
        // The file's unknown field is dropped (Flux unmarshals without strictness); targetNamespace and
        // namePrefix replace the file's; nginx's newTag replaces tag and digest; redis keeps its newName and
        // gains newTag; busybox is appended. Expected: kubectl kustomize on that kustomization, then
        // commonMetadata set by hand as SetCommonMetadata does.
        using var temp = Tree(
            ("app/deploy.yaml", Deployment),
            ("app/kustomization.yaml",
                "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: original\nnamePrefix: old-\nresources:\n- deploy.yaml\nimages:\n" +
                "- name: nginx\n  newTag: \"1.0\"\n  digest: sha256:1111111111111111111111111111111111111111111111111111111111111111\n" +
                "- name: redis\n  newName: cache/redis\nunknownField: dropped-by-flux\n"));
        var spec = new FluxKustomization
        {
            TargetNamespace = "prod",
            NamePrefix = "new-",
            Images = [new FluxImage("nginx") { NewTag = "1.25" }, new FluxImage("redis") { NewTag = "7" }, new FluxImage("busybox") { NewName = "mirror/busybox" }],
            CommonMetadata = new FluxCommonMetadata
            {
                Labels = new Dictionary<string, string> { ["team"] = "a", ["app"] = "overridden" },
                Annotations = new Dictionary<string, string> { ["owner"] = "b" },
            },
        };

        var result = await new FluxKustomizeBuilder().BuildAsync(temp.Combine("app"), spec);

        Assert.That(result.KustomizationGenerated, Is.False);
        Assert.That(result.ToYaml(), Is.EqualTo(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  annotations:\n    owner: b\n  labels:\n    app: overridden\n    team: a\n  name: new-web\n  namespace: prod\n" +
            "spec:\n  replicas: 1\n  template:\n    spec:\n      containers:\n      - image: nginx:1.25\n        name: web\n" +
            "      - image: cache/redis:7\n        name: cache\n      - image: mirror/busybox:1.36\n        name: tools\n"));
        Assert.That(File.ReadAllText(temp.Combine("app/kustomization.yaml")), Does.Contain("unknownField"), "the file is left as it was");
    }

    [Test]
    public async Task A_patch_target_selects_objects_by_kind_name_and_labels()
    {
        using var temp = Tree(("app/cm.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels:\n    patch: \"yes\"\n---\n" +
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n"));
        var spec = new FluxKustomization
        {
            Patches = [new FluxPatch("- op: add\n  path: /data\n  value: {patched: \"true\"}\n", new ResourceSelector { Kind = "Config.*", Name = "a|b", LabelSelector = "patch=yes" })],
        };

        var result = await new FluxKustomizeBuilder().BuildAsync(temp.Combine("app"), spec);

        Assert.That(result.ToYaml(), Is.EqualTo(
            "apiVersion: v1\ndata:\n  patched: \"true\"\nkind: ConfigMap\nmetadata:\n  labels:\n    patch: \"yes\"\n  name: a\n---\n" +
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n"));
    }

    [Test]
    public async Task A_kustomization_without_resources_gets_origin_annotations_as_flux_sets_them()
    {
        // GenerateManifest sets buildMetadata [originAnnotations] on an existing file with no resources.
        using var temp = Tree(("app/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nconfigMapGenerator:\n- name: settings\n  literals:\n  - a=b\n"));

        var result = await new FluxKustomizeBuilder().BuildAsync(temp.Combine("app"));

        Assert.That(result.ToYaml(), Is.EqualTo(
            "apiVersion: v1\ndata:\n  a: b\nkind: ConfigMap\nmetadata:\n  annotations:\n    config.kubernetes.io/origin: |\n      configuredIn: kustomization.yaml\n" +
            "      configuredBy:\n        apiVersion: builtin\n        kind: ConfigMapGenerator\n  name: settings-4h2mbtbbt6\n"));
    }

    [TestCase("https://github.com/org/repo//components/x")]
    [TestCase("github.com/org/repo/components/x")]
    [TestCase("git@github.com:org/repo.git")]
    [TestCase("/abs/component")]
    [TestCase("file:///abs/component")]
    public async Task A_remote_or_absolute_component_is_refused_with_fluxs_message(string component)
    {
        using var temp = Tree(("app/kustomization.yaml", "resources: []\n"));

        var ex = Assert.ThrowsAsync<KustomizeException>(() => new FluxKustomizeBuilder().BuildAsync(temp.Combine("app"), new FluxKustomization { Components = [component] }));

        Assert.That(ex!.Message, Is.EqualTo($"kustomize build failed: component path '{component}' must be local and relative"));
    }

    [Test]
    public async Task Components_are_appended_and_missing_ones_skipped_only_when_asked()
    {
        using var temp = Tree(
            ("app/kustomization.yaml", "resources:\n- cm.yaml\n"),
            ("app/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n"),
            ("comp/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\ncommonAnnotations:\n  from: component\n"));
        var builder = new FluxKustomizeBuilder();

        var result = await builder.BuildAsync(temp.Combine("app"), new FluxKustomization { Components = ["../comp", "../missing"], IgnoreMissingComponents = true });
        var ex = Assert.ThrowsAsync<KustomizeException>(() => builder.BuildAsync(temp.Combine("app"), new FluxKustomization { Components = ["../missing"] }));

        Assert.That(result.ToYaml(), Is.EqualTo("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  annotations:\n    from: component\n  name: c\n"));
        Assert.That(ex!.Message, Does.Contain("accumulating components"));
    }

    [Test]
    public async Task Substitution_replaces_variables_from_sources_in_order_with_inline_values_last()
    {
        // kustomize_varsub.go LoadVariables: sources in order, later keys win, inline substitute wins over all,
        // newlines dropped; optional missing sources skipped.
        using var temp = Tree(("app/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: ${A}\n  b: ${B}\n  c: ${C}\n"));
        var spec = new FluxKustomization
        {
            PostBuild = new FluxPostBuild
            {
                SubstituteFrom =
                [
                    FluxVariableSource.ConfigMap("first", new Dictionary<string, string> { ["A"] = "from-first", ["B"] = "from-first" }),
                    FluxVariableSource.Secret("absent", null, optional: true),
                    FluxVariableSource.Secret("second", new Dictionary<string, string> { ["B"] = "from\nsecond" }),
                ],
                Substitute = new Dictionary<string, string> { ["C"] = "inline" },
            },
        };

        var result = await new FluxKustomizeBuilder().BuildAsync(temp.Combine("app"), spec);

        Assert.That(result.ToYaml(), Is.EqualTo("apiVersion: v1\ndata:\n  a: from-first\n  b: fromsecond\n  c: inline\nkind: ConfigMap\nmetadata:\n  name: c\n"));
    }

    [Test]
    public void A_missing_source_that_is_not_optional_fails_as_flux_reports_it()
    {
        using var temp = Tree(("app/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n"));
        var spec = new FluxKustomization { PostBuild = new FluxPostBuild { SubstituteFrom = [FluxVariableSource.ConfigMap("vars", null)] } };

        var ex = Assert.ThrowsAsync<KustomizeException>(() => new FluxKustomizeBuilder().BuildAsync(temp.Combine("app"), spec));

        Assert.That(ex!.Message, Is.EqualTo("substitute from 'ConfigMap/vars' error: configmaps \"vars\" not found"));
    }

    [Test]
    public async Task Common_metadata_is_applied_after_substitution_so_it_is_never_substituted()
    {
        using var temp = Tree(("app/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n"));
        var spec = new FluxKustomization
        {
            CommonMetadata = new FluxCommonMetadata { Labels = new Dictionary<string, string> { ["env"] = "${ENV}" } },
            PostBuild = new FluxPostBuild { Substitute = new Dictionary<string, string> { ["ENV"] = "prod" } },
        };

        var result = await new FluxKustomizeBuilder().BuildAsync(temp.Combine("app"), spec);

        Assert.That(result.ToYaml(), Is.EqualTo("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels:\n    env: ${ENV}\n  name: c\n"));
    }

    [Test]
    public async Task Concurrent_builds_of_one_tree_with_one_builder_all_give_the_same_output()
    {
        using var temp = Tree(
            ("app/deploy.yaml", Deployment.Replace("replicas: 1", "replicas: ${REPLICAS}", StringComparison.Ordinal)),
            ("app/kustomization.yaml", "resources:\n- deploy.yaml\nconfigMapGenerator:\n- name: settings\n  literals:\n  - env=${ENV:=dev}\n"));
        var spec = new FluxKustomization { PostBuild = new FluxPostBuild { Substitute = new Dictionary<string, string> { ["REPLICAS"] = "3" } } };
        using var provider = new ServiceCollection().AddGitOpsKustomizeFlux().BuildServiceProvider();
        var builder = provider.GetRequiredService<FluxKustomizeBuilder>();

        var expected = (await builder.BuildAsync(temp.Combine("app"), spec)).ToYaml();
        var all = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => builder.BuildAsync(temp.Combine("app"), spec))));

        Assert.That(expected, Does.Contain("replicas: 3\n").And.Contain("  env: dev\n"));
        Assert.That(all.Select(r => r.ToYaml()), Has.All.EqualTo(expected));
    }

    [Test]
    public void Options_refuse_limits_that_are_not_positive()
    {
        Assert.Throws<ArgumentException>(() => new FluxBuildOptions { MaxVariables = 0 }.Validate());
        Assert.Throws<ArgumentException>(() => new FluxBuildOptions { MaxSubstitutedObjectChars = -1 }.Validate());
        Assert.DoesNotThrow(() => FluxBuildOptions.Default.Validate());
    }
}
