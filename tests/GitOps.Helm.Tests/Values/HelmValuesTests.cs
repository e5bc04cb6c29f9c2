using System.Text.Json;
using GitOps.Helm.Values;
using GitOps.Ssa.Values;
using GitOps.Yaml;

namespace GitOps.Helm.Tests.Values;

/// <summary>
/// Values merged and coalesced as the real helm v4.1.4 does: each case of Values/TestData/coalesce-cases.json is a
/// chart's values.yaml and the user's <c>-f</c> files, with what <c>helm template</c> printed for
/// <c>toJson .Values</c> (regenerate.py beside it records them again).
/// </summary>
public sealed class HelmValuesTests
{
    public sealed record CoalesceCase(string Name, string Defaults, IReadOnlyList<string> Files, string Json)
    {
        public override string ToString() => Name;
    }

    private static IEnumerable<CoalesceCase> Cases()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Values", "TestData", "coalesce-cases.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return [.. doc.RootElement.EnumerateArray().Select(e => new CoalesceCase(
            e.GetProperty("name").GetString()!,
            e.GetProperty("defaults").GetString()!,
            [.. e.GetProperty("files").EnumerateArray().Select(f => f.GetString()!)],
            e.GetProperty("json").GetString()!))];
    }

    [TestCaseSource(nameof(Cases))]
    public void Values_coalesce_as_helm_renders_them(CoalesceCase c)
    {
        var user = HelmValues.Merge(c.Files.Select(HelmValues.Parse));
        var values = HelmValues.Coalesce(HelmValues.Parse(c.Defaults), user);

        Assert.That(HelmValues.ToJson(values), Is.EqualTo(c.Json));
    }

    [Test]
    public void Merge_and_coalesce_leave_their_inputs_as_they_were()
    {
        var defaults = HelmValues.Parse("a: {x: 1, p: 2}\nb: [1]\n");
        var user = HelmValues.Parse("a: {x: null, z: 3}\n");
        var before = (HelmValues.ToJson(defaults), HelmValues.ToJson(user));

        var merged = HelmValues.Merge(user, HelmValues.Parse("a: {w: 4}\n"));
        var coalesced = HelmValues.Coalesce(defaults, merged);
        coalesced.GetMapping("a")!.Set("p", new YamlScalar("changed"));

        Assert.That((HelmValues.ToJson(defaults), HelmValues.ToJson(user)), Is.EqualTo(before));
        Assert.That(HelmValues.ToJson(coalesced), Is.EqualTo("{\"a\":{\"p\":\"changed\",\"w\":4,\"z\":3},\"b\":[1]}"));
    }

    [Test]
    public void Parsed_values_read_the_same_in_every_dialect()
    {
        var values = HelmValues.Parse("mode: 0777\non: yes\nnothing: ~\nbig: 1234567890123456789\ntext: \"0777\"\n");
        var expected = "{\"big\":1234567890123456800,\"mode\":511,\"nothing\":null,\"text\":\"0777\",\"true\":true}";

        Assert.That(SsaValue.FromYaml(values, YamlDialect.Kubernetes).ToJson(), Is.EqualTo(expected));
        Assert.That(SsaValue.FromYaml(values, YamlDialect.KYaml).ToJson(), Is.EqualTo(expected));
        Assert.That(values.Keys, Is.EqualTo(new[] { "mode", "true", "nothing", "big", "text" }));
    }

    [Test]
    public void Trees_built_by_hand_are_read_in_helms_dialect()
    {
        var byHand = new YamlMapping();
        byHand.Add(new YamlScalar("y"), new YamlScalar("off"));
        byHand.Add(new YamlScalar("mode"), new YamlScalar("0644"));

        Assert.That(HelmValues.ToJson(HelmValues.Merge(byHand)), Is.EqualTo("{\"mode\":420,\"true\":false}"));
    }

    [TestCase("- a\n- b\n", "error unmarshaling JSON: values must be a map at the top level")]
    [TestCase("a: [\n", "error converting YAML to JSON: yaml: line")]
    [TestCase("a: .nan\n", "error converting YAML to JSON: json: unsupported value: NaN")]
    [TestCase("~: 1\n", "error converting YAML to JSON: unsupported map key")]
    public void Values_that_helm_refuses_are_refused_in_one_line(string yaml, string start)
    {
        var ex = Assert.Throws<HelmValuesException>(() => HelmValues.Parse(yaml));

        Assert.That(ex!.Message, Does.StartWith(start));
        Assert.That(ex.Message, Does.Not.Contain("\n"));
    }

    [Test]
    public void A_values_document_over_the_limit_is_refused()
    {
        var yaml = "a: " + new string('x', HelmValues.MaxValuesLength) + "\n";

        Assert.Throws<HelmValuesException>(() => HelmValues.Parse(yaml));
    }
}
