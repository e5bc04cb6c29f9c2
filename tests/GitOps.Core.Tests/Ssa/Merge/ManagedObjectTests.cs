using GitOps.Ssa.FieldPaths;
using GitOps.Ssa.Merge;
using GitOps.Ssa.Schema;
using GitOps.Ssa.Typed;
using GitOps.Ssa.Values;

namespace GitOps.Core.Tests.Ssa.Merge;

/// <summary>The public bare structured merge: apply and update of one object against its managers.</summary>
public sealed class ManagedObjectTests
{
    private static readonly TypeRef ConfigMap = SsaSchema.Named("io.k8s.api.core.v1.ConfigMap");

    private static SsaValue Json(string json) => SsaValue.ParseJson(json);

    private static ManagedObject Empty() => ManagedObject.Create(SsaValue.Null, SsaSchema.Kubernetes, ConfigMap);

    private static string Owned(ManagedObject o, string manager) => o.Managers[manager].Set.ToFieldsV1Json();

    [Test]
    public void An_apply_creates_the_object_and_the_manager_owns_exactly_what_it_applied()
    {
        var created = Empty().Apply(Json("""{"data":{"a":"1"}}"""), "v1", "kubectl");

        Assert.That(created.Changed, Is.True);
        Assert.That(created.Value.ToJson(), Is.EqualTo("""{"data":{"a":"1"}}"""));
        Assert.That(Owned(created, "kubectl"), Is.EqualTo("""{"f:data":{"f:a":{}}}"""));
        Assert.That(created.Managers["kubectl"], Is.EqualTo(created.Managers["kubectl"] with { }));
        Assert.That((created.Managers["kubectl"].ApiVersion, created.Managers["kubectl"].Applied), Is.EqualTo(("v1", true)));
    }

    [Test]
    public void Applying_the_same_configuration_again_changes_nothing()
    {
        var created = Empty().Apply(Json("""{"data":{"a":"1"}}"""), "v1", "kubectl");

        var again = created.Apply(Json("""{"data":{"a":"1"}}"""), "v1", "kubectl");

        Assert.That(again.Changed, Is.False);
        Assert.That(again.Value, Is.SameAs(created.Value));
        Assert.That(Owned(again, "kubectl"), Is.EqualTo(Owned(created, "kubectl")));
    }

    [Test]
    public void Another_managers_field_conflicts_until_forced_and_force_takes_it_over()
    {
        var live = Empty().Apply(Json("""{"data":{"a":"1","b":"2"}}"""), "v1", "first");

        var ex = Assert.Throws<SsaConflictException>(() => live.Apply(Json("""{"data":{"a":"9"}}"""), "v1", "second"));
        var forced = live.Apply(Json("""{"data":{"a":"9"}}"""), "v1", "second", force: true);

        Assert.That(ex!.Conflicts.Select(c => (c.Manager, c.Path.ToString())), Is.EqualTo(new[] { ("first", ".data.a") }));
        Assert.That(forced.Value.ToJson(), Is.EqualTo("""{"data":{"a":"9","b":"2"}}"""));
        Assert.That(Owned(forced, "first"), Is.EqualTo("""{"f:data":{"f:b":{}}}"""));
        Assert.That(Owned(forced, "second"), Is.EqualTo("""{"f:data":{"f:a":{}}}"""));
        Assert.That(live.Value.ToJson(), Is.EqualTo("""{"data":{"a":"1","b":"2"}}"""), "the object applied to is left as it was");
    }

    [Test]
    public void A_field_the_manager_stops_applying_is_removed_when_nobody_else_owns_it()
    {
        var live = Empty().Apply(Json("""{"data":{"a":"1","b":"2"}}"""), "v1", "kubectl");

        var shrunk = live.Apply(Json("""{"data":{"a":"1"}}"""), "v1", "kubectl");

        Assert.That(shrunk.Changed, Is.True);
        Assert.That(shrunk.Value.ToJson(), Is.EqualTo("""{"data":{"a":"1"}}"""));
    }

    [Test]
    public void An_update_takes_over_the_fields_it_changes_and_reports_whether_the_object_changed()
    {
        var live = Empty().Apply(Json("""{"data":{"a":"1","b":"2"}}"""), "v1", "kubectl");

        var edited = live.Update(Json("""{"data":{"a":"5","b":"2"}}"""), "v1", "kubectl-edit");
        var same = edited.Update(edited.Value, "v1", "kubectl-edit");

        Assert.That(edited.Changed, Is.True);
        Assert.That(same.Changed, Is.False);
        Assert.That(Owned(edited, "kubectl"), Is.EqualTo("""{"f:data":{"f:b":{}}}"""));
        Assert.That((Owned(edited, "kubectl-edit"), edited.Managers["kubectl-edit"].Applied), Is.EqualTo(("""{"f:data":{"f:a":{}}}""", false)));
    }

    [Test]
    public void Managers_given_at_creation_are_taken_into_account()
    {
        var owned = new FieldSet();
        owned.Insert(FieldPath.OfFields("data", "a"));
        var live = ManagedObject.Create(Json("""{"data":{"a":"1"}}"""), SsaSchema.Kubernetes, ConfigMap,
            new Dictionary<string, VersionedFieldSet> { ["helm"] = new(owned, "v1", Applied: true) });

        Assert.Throws<SsaConflictException>(() => live.Apply(Json("""{"data":{"a":"2"}}"""), "v1", "kubectl"));
    }

    [Test]
    public void A_configuration_that_does_not_match_the_type_is_refused()
    {
        Assert.Throws<SsaValidationException>(() => Empty().Apply(Json("""{"data":{"a":1}}"""), "v1", "kubectl"));
    }
}
