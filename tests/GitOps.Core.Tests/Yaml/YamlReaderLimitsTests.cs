using System.Text;
using GitOps.Ssa.Values;
using GitOps.Yaml;

namespace GitOps.Core.Tests.Yaml;

/// <summary>Hostile input through the shared reader: every caller (kustomize, ssa, helm values) gets these limits.</summary>
public sealed class YamlReaderLimitsTests
{
    private const long MemoryMargin = 256L * 1024 * 1024;

    private static string BillionLaughs()
    {
        var sb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (var c = 'b'; c <= 'i'; c++)
        {
            var prev = (char)(c - 1);
            sb.Append(c).Append(": &").Append(c).Append(" [");
            sb.Append(string.Join(",", Enumerable.Repeat("*" + prev, 9)));
            sb.Append("]\n");
        }

        return sb.ToString();
    }

    [Test]
    public void Fifty_thousand_nested_brackets_are_a_clear_error_not_a_stack_overflow()
    {
        var text = "v: " + new string('[', 50_000) + new string(']', 50_000) + "\n";

        Assert.That(() => YamlReader.ReadDocument(text, YamlReaderOptions.Kubernetes), Throws.TypeOf<YamlException>().With.Message.Contains("nested deeper"));
        Assert.That(() => SsaValue.ParseYaml(text), Throws.TypeOf<SsaFormatException>().With.Message.Contains("nested deeper"));
        Assert.That(() => SsaValue.ParseJson(new string('[', 50_000) + new string(']', 50_000)), Throws.TypeOf<SsaFormatException>());
    }

    [Test]
    public void Trees_built_deeper_than_the_reader_allows_are_refused_by_the_converters_and_writers()
    {
        var value = SsaValue.FromInt64(1);
        YamlNode node = new YamlScalar("1");
        for (var i = 0; i < 100_000; i++)
        {
            value = SsaValue.FromList([value]);
            node = new YamlSequence([node]);
        }

        Assert.That(() => value.ToYamlNode(), Throws.TypeOf<SsaFormatException>());
        Assert.That(() => value.ToJson(), Throws.TypeOf<SsaFormatException>());
        Assert.That(() => value.ToYaml(), Throws.TypeOf<SsaFormatException>());
        Assert.That(() => SsaValue.FromYaml(node), Throws.TypeOf<SsaFormatException>());
        Assert.That(() => YamlWriter.ToKubernetesYaml([node]), Throws.InstanceOf<YamlException>());
        Assert.That(() => node.DeepClone(), Throws.TypeOf<YamlException>());
    }

    [Test]
    public void A_546_byte_billion_laughs_is_refused_with_bounded_memory()
    {
        var text = BillionLaughs();
        var before = GC.GetAllocatedBytesForCurrentThread();

        Assert.That(text.Length, Is.LessThan(600));
        Assert.That(() => YamlReader.ReadDocument(text, YamlReaderOptions.Kubernetes), Throws.TypeOf<YamlException>().With.Message.Contains("excessive aliasing"));
        Assert.That(() => SsaValue.ParseYaml(text), Throws.TypeOf<SsaFormatException>().With.Message.Contains("excessive aliasing"));
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.LessThan(MemoryMargin));
    }

    [Test]
    public void A_one_megabyte_scalar_aliased_five_hundred_times_is_refused_by_its_bytes()
    {
        var sb = new StringBuilder("a: &a ").Append('x', 1024 * 1024).Append("\nb: [");
        sb.Append(string.Join(",", Enumerable.Repeat("*a", 500))).Append("]\n");
        var before = GC.GetAllocatedBytesForCurrentThread();

        Assert.That(() => YamlReader.ReadDocument(sb.ToString()), Throws.TypeOf<YamlException>().With.Message.Contains("bytes copied"));
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.LessThan(MemoryMargin));
    }

    [Test]
    public void Input_larger_than_the_cap_is_refused_before_parsing()
    {
        var options = new YamlReaderOptions { MaxInputBytes = 1000 };

        Assert.That(() => YamlReader.ReadDocuments(new string('a', 1001), options), Throws.TypeOf<YamlException>().With.Message.Contains("larger than the limit"));
        Assert.That(() => YamlReader.ReadUtf8Documents(new byte[1001], options), Throws.TypeOf<YamlException>().With.Message.Contains("larger than the limit"));
        Assert.That(new YamlReaderOptions().MaxInputBytes, Is.EqualTo(64L * 1024 * 1024));
    }

    [Test]
    public void Options_with_a_limit_of_zero_are_refused()
    {
        Assert.That(() => new YamlReaderOptions { MaxDepth = 0 }.Validate(), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => YamlReader.ReadDocuments("a: 1", new YamlReaderOptions { MaxAliasExpansionBytes = -1 }), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void A_byte_order_mark_is_dropped_as_kubectl_drops_it()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat("apiVersion: v1\n"u8.ToArray()).ToArray();

        var fromBytes = (YamlMapping)YamlReader.ReadUtf8Documents(bytes, YamlReaderOptions.Kubernetes)[0];
        var fromText = SsaValue.ParseYaml("\uFEFFapiVersion: v1\n")!;

        Assert.That(fromBytes.Keys, Is.EqualTo(new[] { "apiVersion" }));
        Assert.That(fromText.AsMap.ContainsKey("apiVersion"), Is.True);
    }

    [Test]
    public void Invalid_utf8_is_refused_by_kyaml_as_kustomize_refuses_it_and_replaced_in_the_kubernetes_dialect_as_kubectl_does()
    {
        byte[] bytes = [.. "v: a"u8, 0xff, .. "b\n"u8];

        Assert.That(() => YamlReader.ReadUtf8Documents(bytes), Throws.TypeOf<YamlException>().With.Message.EqualTo("yaml: invalid leading UTF-8 octet"));
        var node = (YamlMapping)YamlReader.ReadUtf8Documents(bytes, YamlReaderOptions.Kubernetes)[0];
        Assert.That(node.GetString("v"), Is.EqualTo("a\uFFFDb"));
    }

    [Test]
    public void Yaml_1_1_octal_and_merge_keys_apply_in_the_kubernetes_dialect()
    {
        var value = SsaValue.ParseYaml("replicas: 010\nbase: &b {x: 1, z: 2}\nm:\n  <<: *b\n  z: 3\n")!.AsMap;

        Assert.That(value["replicas"].AsInteger, Is.EqualTo(8));
        Assert.That(value["m"].ToJson(), Is.EqualTo("{\"x\":1,\"z\":3}"));
    }

    [Test]
    public void A_repeated_key_keeps_its_last_value_in_the_kubernetes_dialect_and_is_an_error_in_kyaml()
    {
        Assert.That(SsaValue.ParseYaml("a: 1\na: 2\n")!.AsMap["a"].AsInteger, Is.EqualTo(2));
        Assert.That(() => YamlReader.ReadDocument("a: 1\na: 2\n"), Throws.TypeOf<YamlException>());
    }

    [Test]
    public void A_mapping_of_a_hundred_thousand_keys_reads_with_its_duplicate_checks_indexed()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < 100_000; i++)
        {
            sb.Append('k').Append(i).Append(": ").Append(i).Append('\n');
        }

        var map = (YamlMapping)YamlReader.ReadDocument(sb.ToString());
        var value = SsaValue.ParseYaml(sb.ToString())!;

        Assert.That(map.Count, Is.EqualTo(100_000));
        Assert.That(map.GetString("k99999"), Is.EqualTo("99999"));
        Assert.That(value.AsMap["k12345"].AsInteger, Is.EqualTo(12345));
        Assert.That(() => YamlReader.ReadDocument(sb + "k5: again\n"), Throws.TypeOf<YamlException>().With.Message.Contains("\"k5\" already defined"));
    }

    [Test]
    public void Edits_keep_the_mapping_index_in_step()
    {
        var map = new YamlMapping();
        for (var i = 0; i < 20; i++)
        {
            map.Set("k" + i, new YamlScalar(i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        Assert.That(map.Remove("k3"), Is.True);
        map.Set("k3", new YamlScalar("new"));
        map.Set("k19", new YamlScalar("changed"));

        Assert.That(map.IndexOf("k4"), Is.EqualTo(3));
        Assert.That(map.IndexOf("k3"), Is.EqualTo(19));
        Assert.That(map.GetString("k19"), Is.EqualTo("changed"));
        Assert.That(((YamlMapping)map.DeepClone()).GetString("k3"), Is.EqualTo("new"));
    }
}
