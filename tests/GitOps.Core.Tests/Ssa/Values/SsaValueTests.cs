using GitOps.Ssa.Values;
using GitOps.Yaml;

namespace GitOps.Core.Tests.Ssa.Values;

public sealed class SsaValueTests
{
    [Test]
    public void Yaml_is_read_as_sigs_k8s_io_yaml_reads_manifests()
    {
        var value = SsaValue.ParseYaml("mode: 0777\nflag: on\nsize: 1_000\n")!;

        Assert.Multiple(() =>
        {
            Assert.That(value.AsMap.TryGetValue("mode", out var mode) ? mode.AsInteger : -1, Is.EqualTo(511));
            Assert.That(value.AsMap.TryGetValue("flag", out var flag) ? flag.Kind : SsaValueKind.Null, Is.EqualTo(SsaValueKind.Boolean));
            Assert.That(value.AsMap.TryGetValue("size", out var size) ? size.AsInteger : -1, Is.EqualTo(1000));
        });
    }

    [Test]
    public void A_yaml_node_converts_both_ways_without_text()
    {
        var node = YamlReader.ReadDocument("kind: ConfigMap\ndata:\n  a: \"1\"\n");

        var value = SsaValue.FromYaml(node);

        Assert.Multiple(() =>
        {
            Assert.That(value.ToJson(), Is.EqualTo("""{"data":{"a":"1"},"kind":"ConfigMap"}"""));
            Assert.That(SsaValue.FromYaml(value.ToYamlNode()).ToJson(), Is.EqualTo(value.ToJson()));
        });
    }

    [Test]
    public void Json_and_yaml_of_the_same_object_are_equal_values()
    {
        Assert.That(SsaValue.ParseYaml("a: [1, x, true, null]\n")!.ToJson(), Is.EqualTo(SsaValue.ParseJson("""{"a":[1,"x",true,null]}""").ToJson()));
    }
}
