using GitOps.Ssa.FieldPaths;
using GitOps.Ssa.Schema;
using GitOps.Ssa.Typed.Internal;
using GitOps.Ssa.Values;

namespace GitOps.Core.Tests.Ssa.Typed;

/// <summary>
/// The shortcuts of the typed walkers (path insertion through remembered tree nodes, small-list identity by
/// pairs, removal that returns unchanged parts as they are) give the same results as the plain algorithm.
/// </summary>
public sealed class FastPathTests
{
    private static TypedValue Deployment(string json)
    {
        var schema = SsaSchema.Kubernetes;
        Assert.That(schema.TryGetKindType("apps/v1", "Deployment", out var type), Is.True);
        return TypedValue.Create(SsaValue.ParseJson(json), schema, type!, allowDuplicates: true);
    }

    private static FieldSet Expected(params string[][] paths)
    {
        var set = new FieldSet();
        foreach (var p in paths)
        {
            set.Insert(new FieldPath(p.Select(s => s.StartsWith('{') ? PathElement.Key([new KeyField("name", SsaValue.FromString(s[1..^1]))]) : PathElement.Field(s)).ToArray()));
        }

        return set;
    }

    [Test]
    public void Field_set_of_unordered_keys_and_branching_paths_matches_inserting_every_path_from_the_root()
    {
        // Keys out of order at several depths, so the walk leaves a branch and comes back to a sibling.
        var tv = Deployment("""
            {"spec":{"template":{"spec":{"containers":[{"name":"b","image":"x","env":[{"name":"Z","value":"1"},{"name":"A","value":"2"}]},{"name":"a","image":"y"}]},"metadata":{"labels":{"z":"1","a":"2"}}},"replicas":2},"metadata":{"name":"n"}}
            """);
        var expected = Expected(
            ["metadata", "name"],
            ["spec", "replicas"],
            ["spec", "template", "metadata", "labels", "a"],
            ["spec", "template", "metadata", "labels", "z"],
            ["spec", "template", "spec", "containers", "{a}"],
            ["spec", "template", "spec", "containers", "{a}", "image"],
            ["spec", "template", "spec", "containers", "{a}", "name"],
            ["spec", "template", "spec", "containers", "{b}"],
            ["spec", "template", "spec", "containers", "{b}", "env", "{A}"],
            ["spec", "template", "spec", "containers", "{b}", "env", "{A}", "name"],
            ["spec", "template", "spec", "containers", "{b}", "env", "{A}", "value"],
            ["spec", "template", "spec", "containers", "{b}", "env", "{Z}"],
            ["spec", "template", "spec", "containers", "{b}", "env", "{Z}", "name"],
            ["spec", "template", "spec", "containers", "{b}", "env", "{Z}", "value"],
            ["spec", "template", "spec", "containers", "{b}", "image"],
            ["spec", "template", "spec", "containers", "{b}", "name"]);

        var actual = tv.ToFieldSet();

        Assert.That(actual.SetEquals(expected), Is.True, actual.ToString());
        Assert.That(actual.ToFieldsV1Json(), Is.EqualTo(expected.ToFieldsV1Json()));
    }

    [Test]
    public void Duplicated_list_items_are_owned_as_a_whole_in_small_and_large_lists()
    {
        foreach (var n in new[] { 3, 40 })
        {
            var containers = string.Join(",", Enumerable.Range(0, n).Select(i => $$"""{"name":"c{{i}}","image":"x"}""").Append("""{"name":"c1","image":"y"}"""));
            var tv = Deployment("""{"spec":{"template":{"spec":{"containers":[""" + containers + "]}}}}");

            var set = tv.ToFieldSet();

            var c1 = Expected(["spec", "template", "spec", "containers", "{c1}"]);
            var c1Image = Expected(["spec", "template", "spec", "containers", "{c1}", "image"]);
            var c0Image = Expected(["spec", "template", "spec", "containers", "{c0}", "image"]);
            Assert.That(set.Has(c1.EnumeratePaths().Single()), Is.True, $"n={n}");
            Assert.That(set.Has(c1Image.EnumeratePaths().Single()), Is.False, $"n={n}: a duplicated item is not walked");
            Assert.That(set.Has(c0Image.EnumeratePaths().Single()), Is.True, $"n={n}");
        }
    }

    [Test]
    public void Compare_of_lists_with_duplicates_marks_them_as_SMD_does()
    {
        var live = Deployment("""{"spec":{"template":{"spec":{"containers":[{"name":"a","image":"1"},{"name":"a","image":"2"},{"name":"b","image":"1"}]}}}}""");
        var next = Deployment("""{"spec":{"template":{"spec":{"containers":[{"name":"a","image":"1"},{"name":"b","image":"2"},{"name":"c","image":"1"}]}}}}""");

        var cmp = live.Compare(next);

        // "a" was duplicated and is now single: compared as an item and removed as a whole.
        Assert.That(cmp.Removed.Has(Expected(["spec", "template", "spec", "containers", "{a}"]).EnumeratePaths().Single()), Is.True);
        Assert.That(cmp.Modified.Has(Expected(["spec", "template", "spec", "containers", "{b}", "image"]).EnumeratePaths().Single()), Is.True);
        Assert.That(cmp.Added.Has(Expected(["spec", "template", "spec", "containers", "{c}"]).EnumeratePaths().Single()), Is.True);
    }

    [Test]
    public void Removing_fields_shares_the_untouched_parts_and_still_drops_the_removed_ones()
    {
        var tv = Deployment("""{"metadata":{"name":"n","labels":{"a":"1","b":"2"}},"spec":{"replicas":2,"template":{"spec":{"containers":[{"name":"a","image":"x"}]}}}}""");
        var spec = tv.Value.AsMap["spec"];

        var removed = tv.RemoveItems(Expected(["metadata", "labels", "b"]));

        Assert.That(removed.Value.ToJson(), Is.EqualTo("""{"metadata":{"labels":{"a":"1"},"name":"n"},"spec":{"replicas":2,"template":{"spec":{"containers":[{"image":"x","name":"a"}]}}}}"""));
        Assert.That(removed.Value.AsMap["spec"], Is.SameAs(spec), "an untouched subtree is shared, not copied");
        Assert.That(tv.RemoveItems(new FieldSet()).Value, Is.SameAs(tv.Value), "removing nothing gives the value itself");
    }
}
