using GitOps.Yaml;

namespace GitOps.Core.Tests.Yaml;

/// <summary>
/// A mapping keeps its entries, and a sequence its items, in its own array: order, lookups, removal and copies behave as they did over a list,
/// an enumeration of a node edited meanwhile fails as a list's does, and the scalars read share repeated texts
/// while staying separate, changeable nodes.
/// </summary>
public sealed class YamlMappingStorageTests
{
    [Test]
    public void Entries_keep_their_order_through_growth_removal_and_replacement()
    {
        var map = new YamlMapping();
        for (var i = 0; i < 40; i++)
        {
            map.Set("k" + i, YamlScalar.FromString("v" + i));
        }

        Assert.That(map.Remove("k0"), Is.True);
        Assert.That(map.Remove("k17"), Is.True);
        Assert.That(map.Remove("k39"), Is.True);
        Assert.That(map.Remove("missing"), Is.False);
        map.Set("k5", YamlScalar.FromString("five"));
        map.Set("k40", YamlScalar.FromString("v40"));

        var expected = Enumerable.Range(1, 38).Where(i => i != 17).Append(40).Select(i => "k" + i).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(map.Count, Is.EqualTo(expected.Count));
            Assert.That(map.Keys, Is.EqualTo(expected));
            Assert.That(map.Select(e => e.Key.Value), Is.EqualTo(expected), "the struct enumerator and LINQ's agree");
            Assert.That(map.GetString("k5"), Is.EqualTo("five"));
            Assert.That(map.IndexOf("k18"), Is.EqualTo(expected.IndexOf("k18")), "positions after a removal move down");
            Assert.That(map.IndexOf("k40"), Is.EqualTo(expected.Count - 1));
            Assert.That(map["k17"], Is.Null);
        });
    }

    [Test]
    public void A_small_mapping_finds_and_removes_its_keys_without_an_index()
    {
        var map = (YamlMapping)YamlReader.ReadDocument("a: 1\nb: 2\nc: 3\n");
        Assert.That(map.Remove("a"), Is.True);
        map.Set("d", YamlScalar.FromString("4"));
        Assert.Multiple(() =>
        {
            Assert.That(map.Keys, Is.EqualTo(new[] { "b", "c", "d" }));
            Assert.That(map.IndexOf("a"), Is.EqualTo(-1));
            Assert.That(map.IndexOf("d"), Is.EqualTo(2));
            Assert.That(new YamlMapping().Count, Is.Zero);
            Assert.That(new YamlMapping().Select(e => e.Key).ToList(), Is.Empty);
        });
    }

    [Test]
    public void Editing_a_mapping_while_enumerating_it_fails_as_a_list_does()
    {
        var map = (YamlMapping)YamlReader.ReadDocument("a: 1\nb: 2\n");
        Assert.Multiple(() =>
        {
            Assert.That(() => { foreach (var _ in map) { map.Set("c", YamlScalar.FromString("3")); } }, Throws.InvalidOperationException);
            Assert.That(() => { foreach (var _ in map) { map.Set("a", YamlScalar.FromString("9")); } }, Throws.InvalidOperationException);
            Assert.That(() => { foreach (var _ in map) { map.Remove("b"); } }, Throws.InvalidOperationException);
        });

        var e = map.GetEnumerator();
        Assert.That(e.MoveNext(), Is.True);
        Assert.That(e.Current.Key.Value, Is.EqualTo("a"));
        e.Reset();
        Assert.That(e.MoveNext(), Is.True);
        Assert.That(e.Current.Key.Value, Is.EqualTo("a"));
    }

    [Test]
    public void A_deep_copy_has_its_own_entries()
    {
        var map = (YamlMapping)YamlReader.ReadDocument("a: 1\nb:\n  c: 2\n");
        var copy = (YamlMapping)map.DeepClone();
        copy.Set("a", YamlScalar.FromString("changed"));
        copy.Remove("b");
        copy.Set("z", YamlScalar.FromString("new"));
        Assert.Multiple(() =>
        {
            Assert.That(map.Keys, Is.EqualTo(new[] { "a", "b" }));
            Assert.That(map.GetString("a"), Is.EqualTo("1"));
            Assert.That(copy.Keys, Is.EqualTo(new[] { "a", "z" }));
            Assert.That(((YamlMapping)new YamlMapping().DeepClone()).Count, Is.Zero);
        });
    }

    [Test]
    public void Repeated_scalar_texts_of_one_read_share_one_string_but_stay_separate_nodes()
    {
        var docs = YamlReader.ReadDocuments("metadata:\n  name: web\n  labels:\n    app: web\n---\nmetadata:\n  name: web\n");
        var first = (YamlScalar)((YamlMapping)((YamlMapping)docs[0])["metadata"]!)["name"]!;
        var label = (YamlScalar)((YamlMapping)((YamlMapping)((YamlMapping)docs[0])["metadata"]!)["labels"]!)["app"]!;
        var second = (YamlScalar)((YamlMapping)((YamlMapping)docs[1])["metadata"]!)["name"]!;
        Assert.Multiple(() =>
        {
            Assert.That(first.Value, Is.SameAs(second.Value));
            Assert.That(first.Value, Is.SameAs(label.Value));
            Assert.That(first, Is.Not.SameAs(second));
        });

        first.Value = "api";
        Assert.Multiple(() =>
        {
            Assert.That(second.Value, Is.EqualTo("web"), "changing one scalar leaves the others");
            Assert.That(label.Value, Is.EqualTo("web"));
        });

        var again = (YamlScalar)((YamlMapping)((YamlMapping)YamlReader.ReadDocument("metadata:\n  name: web\n"))["metadata"]!)["name"]!;
        Assert.That(again.Value, Is.Not.SameAs(first.Value), "a separate read keeps its own texts: nothing read outlives its read in a shared table");

        var longText = new string('x', 65);
        var longDocs = YamlReader.ReadDocuments($"a: {longText}\n---\na: {longText}\n");
        Assert.That(((YamlMapping)longDocs[0]).GetString("a"), Is.Not.SameAs(((YamlMapping)longDocs[1]).GetString("a")), "long texts are each scalar's own");
    }

    [Test]
    public void A_sequence_keeps_its_order_through_growth_insertion_and_removal()
    {
        var seq = new YamlSequence();
        for (var i = 0; i < 20; i++)
        {
            seq.Add(YamlScalar.FromString("v" + i));
        }

        seq.RemoveAt(0);
        seq.RemoveAt(18);
        seq.Insert(5, YamlScalar.FromString("inserted"));
        seq.Insert(seq.Count, YamlScalar.FromString("last"));
        seq[0] = YamlScalar.FromString("first");
        var expected = new List<string> { "first" };
        expected.AddRange(Enumerable.Range(2, 4).Select(i => "v" + i));
        expected.Add("inserted");
        expected.AddRange(Enumerable.Range(6, 13).Select(i => "v" + i));
        expected.Add("last");
        Assert.Multiple(() =>
        {
            Assert.That(seq.Count, Is.EqualTo(expected.Count));
            Assert.That(seq.Select(n => ((YamlScalar)n).Value), Is.EqualTo(expected));
            Assert.That(() => seq[seq.Count], Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => seq[-1], Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => seq.RemoveAt(seq.Count), Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => seq.Insert(seq.Count + 1, YamlScalar.FromString("x")), Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => seq[0] = null!, Throws.ArgumentNullException);
        });

        var copy = (YamlSequence)seq.DeepClone();
        copy.RemoveAt(0);
        Assert.Multiple(() =>
        {
            Assert.That(seq.Count, Is.EqualTo(expected.Count), "a copy has its own items");
            Assert.That(copy.Count, Is.EqualTo(expected.Count - 1));
            Assert.That(new YamlSequence([YamlScalar.FromString("a"), YamlScalar.FromString("b")]).Select(n => ((YamlScalar)n).Value), Is.EqualTo(new[] { "a", "b" }));
            Assert.That(((YamlSequence)new YamlSequence().DeepClone()).Count, Is.Zero);
        });
    }

    [Test]
    public void Editing_a_sequence_while_enumerating_it_fails_as_a_list_does()
    {
        var seq = (YamlSequence)YamlReader.ReadDocument("- a\n- b\n");
        Assert.Multiple(() =>
        {
            Assert.That(() => { foreach (var _ in seq) { seq.Add(YamlScalar.FromString("c")); } }, Throws.InvalidOperationException);
            Assert.That(() => { foreach (var _ in seq) { seq[0] = YamlScalar.FromString("z"); } }, Throws.InvalidOperationException);
            Assert.That(() => { foreach (var _ in seq) { seq.RemoveAt(0); } }, Throws.InvalidOperationException);
        });
    }
}
