using System.Buffers;
using System.Text;
using GitOps.Ssa;
using GitOps.Ssa.Values;
using GitOps.Testing;
using GitOps.Yaml;

namespace GitOps.Core.Tests.Yaml.Scalars;

/// <summary>
/// Every case of the Go-recorded scalar table through Core's entry points: the reader per dialect with the
/// one YAML-to-value conversion, SsaValue's YAML parsing, the kustomize-exact writer and server-side apply.
/// </summary>
public sealed class ScalarTableTests
{
    private static IEnumerable<GoScalarCase> Cases() => GoScalarTable.Cases;

    // Cases where we still differ from kyaml; a case that starts to agree must leave this list.
    private static readonly HashSet<string> KYamlKnownGaps = new(StringComparer.Ordinal)
    {
        "merge quoted key", // kustomize drops a quoted '<<' key; we keep it as an ordinary key
    };

    [Test]
    public void The_table_holds_a_few_hundred_cases_recorded_from_go()
    {
        Assert.That(GoScalarTable.Cases, Has.Count.GreaterThanOrEqualTo(250));
        Assert.That(GoScalarTable.Cases.Single(c => c.Name == "plain '0777'").Kubernetes.Json, Is.EqualTo("511"));
        Assert.That(GoScalarTable.Cases.Single(c => c.Name == "defaultMode").KYaml.Text, Does.Contain("defaultMode: 511"));
    }

    [TestCaseSource(nameof(Cases))]
    public void The_kubernetes_dialect_decodes_like_sigs_k8s_io_yaml(GoScalarCase c)
    {
        var expected = c.Kubernetes;
        if (expected.IsError)
        {
            Assert.That(() => Field(SsaValue.FromYaml(YamlReader.ReadDocument(c.Document(), YamlReaderOptions.Kubernetes))), Throws.InstanceOf<GitOpsException>(), expected.Error);
            return;
        }

        var node = YamlReader.ReadDocument(c.Document(), YamlReaderOptions.Kubernetes);
        Assert.That(Field(SsaValue.FromYaml(node, YamlDialect.Kubernetes)).ToJson(), Is.EqualTo(Canonical(expected.Json!)));
    }

    [TestCaseSource(nameof(Cases))]
    public void SsaValue_parses_yaml_like_kubectl(GoScalarCase c)
    {
        if (c.Kubernetes.IsError)
        {
            Assert.That(() => SsaValue.ParseYaml(c.Document()), Throws.TypeOf<SsaFormatException>(), c.Kubernetes.Error);
            return;
        }

        Assert.That(Field(SsaValue.ParseYaml(c.Document())!).ToJson(), Is.EqualTo(Canonical(c.Kubernetes.Json!)));
    }

    [TestCaseSource(nameof(Cases))]
    public void The_kyaml_dialect_decodes_and_prints_like_kustomize(GoScalarCase c)
    {
        var mismatch = KYamlMismatch(c);
        if (KYamlKnownGaps.Contains(c.Name))
        {
            Assert.That(mismatch, Is.Not.Null, "a known gap now agrees with kustomize: remove it from the list");
            return;
        }

        Assert.That(mismatch, Is.Null);
    }

    /// <summary>How we differ from kustomize on <paramref name="c"/>, or null when we agree.</summary>
    private static string? KYamlMismatch(GoScalarCase c)
    {
        var expected = c.KYaml;
        string printed;
        YamlNode node;
        try
        {
            node = YamlReader.ReadDocument(c.Document());
            printed = Write(node);
        }
        catch (GitOpsException ex)
        {
            return expected.IsError && expected.Text is null ? null : "we refuse it: " + ex.Message;
        }

        if (expected.IsError && expected.Text is null)
        {
            return "kustomize refuses it (" + expected.Error + ") but we print " + printed;
        }

        var text = printed[(printed.IndexOf("\nv:", StringComparison.Ordinal) + 1)..];
        if (text != expected.Text)
        {
            return $"we print {text} where kustomize prints {expected.Text}";
        }

        if (expected.IsError)
        {
            return null;
        }

        var json = Field(SsaValue.FromYaml(node, YamlDialect.KYaml)).ToJson();
        return json == Canonical(expected.Json!) ? null : $"the value is {json}, not {expected.Json}";
    }

    [Test]
    public void Server_side_apply_of_every_case_gives_the_values_kubectl_decodes()
    {
        var cases = GoScalarTable.Cases.Where(c => !c.Kubernetes.IsError).ToList();

        // One custom resource holding every case under its own key of a free-form spec, applied as a whole.
        var entries = cases.Select((c, i) => new KeyValuePair<string, SsaValue>("c" + i, Field(SsaValue.ParseYaml(c.Document())!)));
        var obj = SsaValue.FromMap(
        [
            new("apiVersion", SsaValue.FromString("x.example/v1")),
            new("kind", SsaValue.FromString("Thing")),
            new("metadata", SsaValue.FromMap([new("name", SsaValue.FromString("table")), new("namespace", SsaValue.FromString("default"))])),
            new("spec", SsaValue.FromMap(entries)),
        ]);

        var result = new ServerSideApply(new ServerSideApplyOptions { CustomResourceDefinitions = { ThingCrd() } }).Apply(null, obj, "table");

        var spec = result.Value.AsMap["spec"].AsMap;
        Assert.That(spec.Count, Is.EqualTo(cases.Count));
        for (var i = 0; i < cases.Count; i++)
        {
            Assert.That(spec["c" + i].ToJson(), Is.EqualTo(Canonical(cases[i].Kubernetes.Json!)), cases[i].Name);
        }
    }

    [Test]
    public void A_volume_default_mode_0777_is_511_through_ssa_apply_as_through_kubectl()
    {
        const string deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n  namespace: default\nspec:\n  selector:\n    matchLabels: {app: d}\n  template:\n    metadata:\n      labels: {app: d}\n    spec:\n      containers:\n      - name: c\n        image: nginx\n      volumes:\n      - name: v\n        secret:\n          secretName: s\n          defaultMode: 0777\n";

        var result = new ServerSideApply().Apply(null, SsaValue.ParseYaml(deployment)!, "test");

        var volume = result.Value.AsMap["spec"].AsMap["template"].AsMap["spec"].AsMap["volumes"].AsList[0];
        Assert.That(volume.AsMap["secret"].AsMap["defaultMode"].AsInteger, Is.EqualTo(511));
    }

    private static SsaValue ThingCrd() => SsaValue.ParseYaml("""
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: things.x.example
        spec:
          group: x.example
          names: {kind: Thing, plural: things, singular: thing, listKind: ThingList}
          scope: Namespaced
          versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    x-kubernetes-preserve-unknown-fields: true
        """)!;

    private static SsaValue Field(SsaValue obj) => obj.AsMap["v"];

    private static string Canonical(string json) => SsaValue.ParseJson(json).ToJson();

    private static string Write(YamlNode node)
    {
        var buffer = new ArrayBufferWriter<byte>();
        YamlWriter.WriteKubernetesObject(node, buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
