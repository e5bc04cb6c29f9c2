using GitOps.Yaml;

namespace GitOps.Core.Tests.Yaml;

public sealed class YamlReaderTests
{
    [Test]
    public void Mappings_keep_their_source_order_and_scalars_their_style_and_tag()
    {
        var doc = (YamlMapping)YamlReader.ReadDocument("b: 1\na: 'x'\nc: !!str 3\n");

        Assert.That(doc.Keys, Is.EqualTo(new[] { "b", "a", "c" }));
        Assert.That(((YamlScalar)doc["a"]!).Style, Is.EqualTo(YamlScalarStyle.SingleQuoted));
        Assert.That(((YamlScalar)doc["c"]!).Tag, Is.EqualTo("!!str"));
        Assert.That(((YamlScalar)doc["b"]!).GetValueType(), Is.EqualTo(YamlValueType.WholeNumber));
        Assert.That(((YamlScalar)doc["c"]!).GetValueType(), Is.EqualTo(YamlValueType.Text));
    }

    [Test]
    public void Yaml_1_1_booleans_are_strings_to_yaml_v3_but_not_to_yaml_v2()
    {
        var yes = (YamlScalar)((YamlMapping)YamlReader.ReadDocument("a: yes\n"))["a"]!;

        Assert.That(yes.GetValueType(), Is.EqualTo(YamlValueType.Text));
        Assert.That(yes.GetValueType(YamlDialect.Kubernetes), Is.EqualTo(YamlValueType.Bool));
    }

    [Test]
    public void A_repeated_key_is_an_error_unless_allowed_and_then_the_last_wins()
    {
        Assert.That(() => YamlReader.ReadDocument("a: 1\na: 2\n"), Throws.TypeOf<YamlException>().With.Message.Contains("already defined"));

        var doc = (YamlMapping)YamlReader.ReadDocument("a: 1\na: 2\n", new YamlReaderOptions { AllowDuplicateKeys = true });
        Assert.That(doc.GetString("a"), Is.EqualTo("2"));
    }

    [Test]
    public void Aliases_are_expanded_and_merge_keys_applied()
    {
        var doc = (YamlMapping)YamlReader.ReadDocument("base: &b {x: 1, y: 2}\nuse: *b\nmerged:\n  <<: *b\n  y: 3\n");

        Assert.That(((YamlMapping)doc["use"]!).GetString("x"), Is.EqualTo("1"));
        Assert.That(((YamlMapping)doc["merged"]!).GetString("x"), Is.EqualTo("1"));
        Assert.That(((YamlMapping)doc["merged"]!).GetString("y"), Is.EqualTo("3"));
    }

    [Test]
    public void An_alias_bomb_is_refused()
    {
        var bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + string.Concat(Enumerable.Range(0, 8).Select(i =>
            $"{(char)('b' + i)}: &{(char)('b' + i)} [*{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}, *{(char)('a' + i)}]\n"));

        Assert.That(() => YamlReader.ReadDocument(bomb), Throws.TypeOf<YamlException>().With.Message.Contains("aliasing"));
    }

    [Test]
    public void Nesting_deeper_than_the_limit_is_refused()
    {
        var deep = new string('[', 300) + new string(']', 300);

        Assert.That(() => YamlReader.ReadDocument(deep), Throws.TypeOf<YamlException>().With.Message.Contains("deeper"));
        Assert.That(YamlReader.ReadDocument(deep, new YamlReaderOptions { MaxDepth = 400 }), Is.TypeOf<YamlSequence>());
    }

    [Test]
    public void Syntax_errors_are_yaml_exceptions_with_a_line()
    {
        Assert.That(() => YamlReader.ReadDocuments("a: [1, 2\nb: 3\n"), Throws.TypeOf<YamlException>().With.Message.StartsWith("yaml: line"));
    }

    [Test]
    public void Empty_documents_read_as_null_scalars_and_comments_are_dropped()
    {
        var docs = YamlReader.ReadDocuments("# only a comment\nb: 2\n---\n---\na: 1 # trailing\n");

        Assert.That(docs, Has.Count.EqualTo(3));
        Assert.That(docs[1], Is.TypeOf<YamlScalar>().With.Property(nameof(YamlScalar.IsNull)).True);
        Assert.That(((YamlMapping)docs[2]).GetString("a"), Is.EqualTo("1"));
    }
}
