using GitOps.Ssa;
using GitOps.Ssa.ManagedFields;
using GitOps.Ssa.Values;

namespace GitOps.Core.Tests.Ssa;

public sealed class ServerSideApplyTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static SsaValue Yaml(string text) => SsaValue.ParseYaml(text)!;

    private static ServerSideApply Create(ManualTime? time = null) =>
        new(new ServerSideApplyOptions { TimeProvider = time ?? new ManualTime(Start) });

    [Test]
    public void Applying_a_new_Deployment_defaults_fields_without_owning_them()
    {
        var config = Yaml("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers:
                  - name: nginx
                    image: nginx:1.25
                    ports: [{containerPort: 80}]
            """);

        var result = Create().Apply(null, config, "gitops");

        var container = result.Value.AsMap["spec"].AsMap["template"].AsMap["spec"].AsMap["containers"].AsList[0].AsMap;
        Assert.That(container["imagePullPolicy"].AsString, Is.EqualTo("IfNotPresent"));
        Assert.That(container["ports"].AsList[0].AsMap["protocol"].AsString, Is.EqualTo("TCP"));
        var entry = result.ManagedFields.Single();
        Assert.That(entry.Manager, Is.EqualTo("gitops"));
        Assert.That(entry.Operation, Is.EqualTo(ManagedFieldsOperation.Apply));
        Assert.That(entry.Time, Is.EqualTo(Start));
        Assert.That(entry.Fields.ToFieldsV1Json(), Does.Contain("k:{\\\"containerPort\\\":80,\\\"protocol\\\":\\\"TCP\\\"}"));
        Assert.That(entry.Fields.ToFieldsV1Json(), Does.Not.Contain("imagePullPolicy"));
    }

    [Test]
    public void Re_applying_the_same_configuration_does_not_write()
    {
        var time = new ManualTime(Start);
        var ssa = Create(time);
        var config = Yaml("{apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {k: '1'}}");
        var first = ssa.Apply(null, config, "gitops");
        time.Advance(TimeSpan.FromMinutes(5));

        var second = ssa.Apply(first.Value, config, "gitops");

        Assert.That(second.Changed, Is.False);
        Assert.That(second.ManagedFields.Single().Time, Is.EqualTo(Start), "time only moves when the object changes");
    }

    [TestCase("bogus")]
    [TestCase("Status")]
    [TestCase("status/x")]
    public void An_unknown_subresource_is_refused_with_a_typed_exception(string subresource)
    {
        var ssa = Create();
        var config = Yaml("{apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {k: '1'}}");

        var apply = Assert.Throws<UnsupportedSubresourceException>(() => ssa.Apply(null, config, "a", subresource: subresource));
        var update = Assert.Throws<UnsupportedSubresourceException>(() => ssa.Update(null, config, "a", subresource));

        Assert.That(apply!.Subresource, Is.EqualTo(subresource));
        Assert.That(apply.Message, Is.EqualTo($"unsupported subresource \"{subresource}\": expected one of status, scale, ephemeralcontainers"));
        Assert.That(update!.Subresource, Is.EqualTo(subresource));
    }

    [Test]
    public void A_CRD_whose_root_schema_is_not_an_object_is_refused_with_the_API_servers_message()
    {
        var crd = Yaml("{apiVersion: apiextensions.k8s.io/v1, kind: CustomResourceDefinition, metadata: {name: w.x.com}, spec: {group: x.com, names: {kind: W, plural: w}, versions: [{name: v1, schema: {openAPIV3Schema: [1]}}]}}");
        var options = new ServerSideApplyOptions();
        options.CustomResourceDefinitions.Add(crd);

        var e = Assert.Throws<SsaFormatException>(() => _ = new ServerSideApply(options));

        Assert.That(e!.Message, Is.EqualTo("CustomResourceDefinition w.x.com: spec.versions[0].schema.openAPIV3Schema.type: Required value: must be object at the root"));
    }

    [Test]
    public void An_embedded_resources_metadata_is_object_meta_so_its_owner_has_no_entry_for_the_map_itself()
    {
        // apiextensions' addEmbeddedProperties gives an x-kubernetes-embedded-resource object ObjectMeta's metadata;
        // kube-apiserver 1.36.2 records f:tmpl.f:metadata.f:name with no "." (probe scenario p-def-crd-markers).
        var crd = Yaml("""
            {apiVersion: apiextensions.k8s.io/v1, kind: CustomResourceDefinition, metadata: {name: ws.x.com},
             spec: {group: x.com, scope: Namespaced, names: {kind: W, plural: ws},
              versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object, properties: {spec: {type: object, properties: {
                tmpl: {type: object, x-kubernetes-embedded-resource: true, x-kubernetes-preserve-unknown-fields: true}}}}}}}]}}
            """);
        var options = new ServerSideApplyOptions();
        options.CustomResourceDefinitions.Add(crd);

        var result = new ServerSideApply(options).Apply(null, Yaml("{apiVersion: x.com/v1, kind: W, metadata: {name: w}, spec: {tmpl: {apiVersion: v1, kind: ConfigMap, metadata: {name: x}}}}"), "gitops");

        Assert.That(result.ManagedFields.Single().Fields.ToFieldsV1Json(), Is.EqualTo("""{"f:spec":{"f:tmpl":{"f:apiVersion":{},"f:kind":{},"f:metadata":{"f:name":{}}}}}"""));
    }

    [Test]
    public void A_second_applier_changing_an_owned_field_gets_the_API_servers_conflict()
    {
        var ssa = Create();
        var live = ssa.Apply(null, Yaml("{apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {k: '1'}}"), "a").Value;

        var e = Assert.Throws<FieldManagerConflictException>(() => ssa.Apply(live, Yaml("{apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {k: '2'}}"), "b"));

        Assert.That(e!.Message, Is.EqualTo("Apply failed with 1 conflict: conflict with \"a\": .data.k"));
        var status = e.ToStatus().AsMap;
        Assert.That(status["code"].AsInteger, Is.EqualTo(409));
        Assert.That(status["details"].AsMap["causes"].AsList[0].AsMap["field"].AsString, Is.EqualTo(".data.k"));
    }

    [Test]
    public void Forcing_takes_the_field_over_and_drops_the_previous_owner()
    {
        var ssa = Create();
        var live = ssa.Apply(null, Yaml("{apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {k: '1'}}"), "a").Value;

        var result = ssa.Apply(live, Yaml("{apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {k: '2'}}"), "b", force: true);

        Assert.That(result.Value.AsMap["data"].AsMap["k"].AsString, Is.EqualTo("2"));
        Assert.That(result.ManagedFields.Select(m => m.Manager), Is.EqualTo(new[] { "b" }));
    }

    [Test]
    public void An_object_without_managedFields_gets_a_before_first_apply_owner()
    {
        var live = Yaml("{apiVersion: v1, kind: ConfigMap, metadata: {name: c, uid: u1}, data: {old: x}}");

        var result = Create().Apply(live, Yaml("{apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {k: '1'}}"), "gitops");

        Assert.That(result.ManagedFields.Select(m => (m.Manager, m.Operation)), Is.EquivalentTo(new[]
        {
            ("gitops", ManagedFieldsOperation.Apply),
            ("before-first-apply", ManagedFieldsOperation.Update),
        }));
    }

    [Test]
    public void Objects_round_trip_through_YAML()
    {
        var value = Yaml("""
            a: "1"
            b: 2
            c: [x, "true", null, "", "f:x", "2026-01-01T00:00:00Z", "a: b"]
            d: {}
            e: []
            """);

        var again = SsaValue.ParseYaml(value.ToYaml())!;

        Assert.That(SsaValue.DeepEquals(again, value), Is.True, value.ToYaml());
    }
}

/// <summary>A clock the test moves (the test project does not reference FakeTimeProvider).</summary>
internal sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
