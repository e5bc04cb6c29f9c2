using System.Text.Json;
using GitOps.Ssa.FieldPaths;
using GitOps.Ssa.Schema;
using GitOps.Ssa.Typed.Internal;
using GitOps.Ssa.Values;

namespace GitOps.Core.Tests.Ssa.Typed;

/// <summary>The 236 typed-operation vectors exported from structured-merge-diff v6.4.2's typed tests.</summary>
public sealed class TypedVectorTests
{
    private static IEnumerable<TestCaseData> Cases() => Vectors.Cases(
        "smd-typed/typed.jsonl",
        e => $"typed {e.GetProperty("kind").GetString()} {e.GetProperty("name").GetString()} #{e.GetProperty("index").GetInt32()}");

    [TestCaseSource(nameof(Cases))]
    public void Typed_operation_matches_structured_merge_diff(string caseName, string line)
    {
        using var doc = Vectors.Open(caseName, line);
        KnownGaps.Run(caseName, () => Check(doc.RootElement));
    }

    private static void Check(JsonElement c)
    {
        var schema = SsaSchema.FromSmdYaml(c.GetProperty("schema").GetString()!);
        var type = SsaSchema.Named(c.GetProperty("rootTypeName").GetString()!);
        TypedValue Typed(string property) => TypedValue.CreateUnvalidated(Value(c.GetProperty(property)), schema, type);

        switch (c.GetProperty("kind").GetString())
        {
            case "merge":
                var merged = Typed("lhs").Merge(Typed("rhs"));
                AssertValue(merged.Value, c.GetProperty("out"));
                break;
            case "compare":
                var cmp = Typed("lhs").Compare(Typed("rhs"));
                AssertSet(cmp.Added, c.GetProperty("added"), "added");
                AssertSet(cmp.Modified, c.GetProperty("modified"), "modified");
                AssertSet(cmp.Removed, c.GetProperty("removed"), "removed");
                break;
            case "toFieldSet":
                AssertSet(Typed("object").ToFieldSet(), c.GetProperty("set"), "set");
                break;
            case "removeExtract":
                var set = Set(c.GetProperty("set"));
                var obj = Typed("object");
                AssertValue(obj.RemoveItems(set).Value, c.GetProperty("removeOutput"));
                AssertValue(obj.ExtractItems(set).Value, c.GetProperty("extractOutput"));
                break;
            default:
                Assert.Fail("unknown kind");
                break;
        }
    }

    internal static SsaValue Value(JsonElement e) => SsaValue.ParseJson(e.GetRawText());

    internal static FieldSet Set(JsonElement e) => FieldSet.FromFieldsV1Json(e.GetRawText());

    internal static void AssertValue(SsaValue actual, JsonElement expected)
    {
        var want = Value(expected);
        Assert.That(SsaValue.DeepEquals(actual, want), Is.True, $"expected {want.ToJson()}\n  actual {actual.ToJson()}");
        Assert.That(ListOrderJson(actual), Is.EqualTo(ListOrderJson(want)), "list order differs");
    }

    internal static void AssertSet(FieldSet actual, JsonElement expected, string what)
    {
        var want = Set(expected);
        Assert.That(actual.SetEquals(want), Is.True, $"{what}: expected {want.ToFieldsV1Json()}\n  actual {actual.ToFieldsV1Json()}");
        Assert.That(FieldSet.FromFieldsV1Json(actual.ToFieldsV1Json()).SetEquals(actual), Is.True, "FieldsV1 round trip");
    }

    // Sorted-key JSON keeps list order significant and map order not.
    private static string ListOrderJson(SsaValue v) => v.ToJson();
}
