using GitOps.Ssa.FieldPaths;

namespace GitOps.Core.Tests.Ssa.FieldPaths;

public sealed class FieldSetTests
{
    private const string Deployment = """{"f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{"f:replicas":{},"f:template":{"f:spec":{"f:containers":{"k:{\"name\":\"web\"}":{".":{},"f:image":{},"f:name":{}}}}}}}""";

    [Test]
    public void FieldsV1_reads_and_writes_back_the_same_json()
    {
        Assert.That(FieldSet.FromFieldsV1Json(Deployment).ToFieldsV1Json(), Is.EqualTo(Deployment));
    }

    [Test]
    public void Set_operations_work_on_paths()
    {
        var all = FieldSet.FromFieldsV1Json(Deployment);
        var replicas = FieldSet.FromFieldsV1Json("""{"f:spec":{"f:replicas":{}}}""");

        var rest = all.Difference(replicas);

        Assert.Multiple(() =>
        {
            Assert.That(all.Intersection(replicas).SetEquals(replicas), Is.True);
            Assert.That(rest.Union(replicas).SetEquals(all), Is.True);
            Assert.That(rest.EnumeratePaths().Select(p => p.ToString()), Does.Not.Contain(".spec.replicas"));
            Assert.That(all.EnumeratePaths().Select(p => p.ToString()), Does.Contain(".spec.replicas"));
        });
    }

    [Test]
    public void A_key_element_is_read_from_its_fieldsv1_key()
    {
        var element = PathElement.ParseFieldsV1Key("k:{\"name\":\"web\"}");

        Assert.Multiple(() =>
        {
            Assert.That(element.Kind, Is.EqualTo(PathElementKind.Key));
            Assert.That(element.Keys.Select(k => k.Name), Is.EqualTo(new[] { "name" }));
            Assert.That(element.ToFieldsV1Key(), Is.EqualTo("k:{\"name\":\"web\"}"));
        });
    }
}
