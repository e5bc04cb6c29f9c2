using GitOps.Patching;
using GitOps.Yaml;

namespace GitOps.Core.Tests.Patching;

/// <summary>JSON merge patches: the examples of RFC 7386 appendix A.</summary>
public sealed class JsonMergePatchTests
{
    [TestCase("{a: b}", "{a: c}", "a: c\n")]
    [TestCase("{a: b}", "{b: c}", "a: b\nb: c\n")]
    [TestCase("{a: b}", "{a: null}", "{}\n")]
    [TestCase("{a: b, b: c}", "{a: null}", "b: c\n")]
    [TestCase("{a: [b]}", "{a: c}", "a: c\n")]
    [TestCase("{a: c}", "{a: [b]}", "a:\n- b\n")]
    [TestCase("{a: {b: c}}", "{a: {b: d, c: null}}", "a:\n  b: d\n")]
    [TestCase("{a: [{b: c}]}", "{a: [1]}", "a:\n- 1\n")]
    [TestCase("{e: null}", "{a: 1}", "a: 1\ne: null\n")]
    [TestCase("{}", "{a: {bb: {ccc: null}}}", "a:\n  bb: {}\n")]
    public void The_RFC_7386_examples_give_the_RFC_results(string target, string patch, string expected)
    {
        var result = JsonMergePatch.Apply(YamlReader.ReadDocument(target), YamlReader.ReadDocument(patch));
        Assert.That(YamlWriter.ToKubernetesYaml([result]), Is.EqualTo(expected));
    }

    [Test]
    public void A_patch_that_is_not_an_object_replaces_the_target()
    {
        Assert.That(JsonMergePatch.Apply(YamlReader.ReadDocument("{a: foo}"), YamlReader.ReadDocument("[c]")), Is.InstanceOf<YamlSequence>());
    }
}
