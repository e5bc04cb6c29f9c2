using GitOps.Yaml;

namespace GitOps.Core.Tests.Yaml;

/// <summary>Plain mapping keys are shared, unchangeable scalars: one per field name, whatever the number of mappings.</summary>
public sealed class SharedKeyTests
{
    [Test]
    public void Every_mapping_read_shares_one_key_scalar_per_plain_field_name()
    {
        var docs = YamlReader.ReadDocuments("metadata:\n  name: a\n---\nmetadata:\n  name: b\n");
        var first = (YamlMapping)docs[0];
        var second = (YamlMapping)docs[1];
        var k1 = first.Single().Key;
        var k2 = second.Single().Key;
        Assert.Multiple(() =>
        {
            Assert.That(k1, Is.SameAs(k2));
            Assert.That(k1.IsSharedKey, Is.True);
            Assert.That(((YamlMapping)first["metadata"]!).Single().Key, Is.SameAs(((YamlMapping)second["metadata"]!).Single().Key));
            Assert.That(((YamlMapping)first["metadata"]!)["name"], Is.Not.SameAs(((YamlMapping)second["metadata"]!)["name"]), "values are never shared");
        });
    }

    [Test]
    public void A_shared_key_cannot_be_changed_but_its_entry_can_be_renamed_through_the_mapping()
    {
        var map = (YamlMapping)YamlReader.ReadDocument("color: red\n");
        var key = map.Single().Key;
        Assert.Multiple(() =>
        {
            Assert.That(() => key.Value = "colour", Throws.InvalidOperationException.With.Message.Contains("color"));
            Assert.That(() => key.Tag = YamlScalar.StringTag, Throws.InvalidOperationException);
            Assert.That(() => key.Style = YamlScalarStyle.DoubleQuoted, Throws.InvalidOperationException);
        });

        var value = map["color"]!;
        Assert.That(map.Remove("color"), Is.True);
        map.Set("colour", value);
        Assert.Multiple(() =>
        {
            Assert.That(map.Keys, Is.EqualTo(new[] { "colour" }));
            Assert.That(((YamlMapping)YamlReader.ReadDocument("color: blue\n")).Single().Key.Value, Is.EqualTo("color"), "the shared key itself is unchanged");
        });
    }

    [Test]
    public void Quoted_tagged_and_long_keys_are_each_mapping_s_own()
    {
        var longKey = new string('k', 65);
        var map = (YamlMapping)YamlReader.ReadDocument($"\"quoted\": 1\n!!str tagged: 2\n{longKey}: 3\nplain: 4\n");
        var keys = map.Select(e => e.Key).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(keys[0].IsSharedKey, Is.False);
            Assert.That(keys[0].Style, Is.EqualTo(YamlScalarStyle.DoubleQuoted));
            Assert.That(keys[1].IsSharedKey, Is.False);
            Assert.That(keys[1].Tag, Is.EqualTo(YamlScalar.StringTag));
            Assert.That(keys[2].IsSharedKey, Is.False);
            Assert.That(keys[3].IsSharedKey, Is.True);
        });

        keys[0].Value = "requoted";
        Assert.That(map.Keys.First(), Is.EqualTo("requoted"), "a key of its own can still be changed in place");
    }

    [Test]
    public void A_copy_keeps_the_shared_keys_and_copies_everything_else()
    {
        var map = (YamlMapping)YamlReader.ReadDocument("spec:\n  replicas: 1\n");
        var copy = (YamlMapping)map.DeepClone();
        Assert.Multiple(() =>
        {
            Assert.That(copy.Single().Key, Is.SameAs(map.Single().Key));
            Assert.That(copy["spec"], Is.Not.SameAs(map["spec"]));
            Assert.That(((YamlMapping)copy["spec"]!)["replicas"], Is.Not.SameAs(((YamlMapping)map["spec"]!)["replicas"]));
        });
    }

    [Test]
    public void Keys_set_by_name_are_shared_too_and_keep_their_string_type()
    {
        var map = new YamlMapping();
        map.Set("name", new YamlScalar("x"));
        map.Set("true", new YamlScalar("y"));
        var keys = map.Select(e => e.Key).ToList();
        var read = ((YamlMapping)YamlReader.ReadDocument("name: z\n")).Single().Key;
        Assert.Multiple(() =>
        {
            Assert.That(keys[0], Is.SameAs(read));
            Assert.That(keys[1].Tag, Is.EqualTo(YamlScalar.StringTag), "a key whose text reads as a boolean is tagged a string, as before");
            Assert.That(YamlWriter.ToKubernetesYaml([map]), Is.EqualTo("name: x\n\"true\": \"y\"\n"));
        });
    }
}
