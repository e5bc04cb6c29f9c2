using GitOps.Ssa;
using GitOps.Ssa.Values;

namespace GitOps.Core.Tests.Ssa.ManagedFields;

/// <summary>
/// A custom resource served at several versions without a conversion webhook (strategy None): the API server
/// only relabels apiVersion, and managers recorded at the other versions keep their fields.
/// </summary>
public sealed class CustomResourceVersionTests
{
    private static SsaValue Yaml(string text) => SsaValue.ParseYaml(text)!;

    private const string WidgetCrd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: widgets.ssa.example.com}
        spec:
          group: ssa.example.com
          scope: Namespaced
          names: {kind: Widget, listKind: WidgetList, plural: widgets, singular: widget}
          versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec: {type: object, properties: {size: {type: integer}, color: {type: string}}}
          - name: v1alpha1
            served: true
            storage: false
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec: {type: object, properties: {size: {type: integer}, color: {type: string}}}
        """;

    private static ServerSideApply Create()
    {
        var options = new ServerSideApplyOptions { TimeProvider = new ManualTime(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero)) };
        options.CustomResourceDefinitions.Add(Yaml(WidgetCrd));
        return new ServerSideApply(options);
    }

    [Test]
    public void An_apply_at_another_version_relabels_the_live_object_and_keeps_the_other_managers()
    {
        var ssa = Create();
        var live = ssa.Apply(null, Yaml("{apiVersion: ssa.example.com/v1alpha1, kind: Widget, metadata: {name: w, namespace: apps}, spec: {size: 1}}"), "old-tool").Value;

        var result = ssa.Apply(live, Yaml("{apiVersion: ssa.example.com/v1, kind: Widget, metadata: {name: w, namespace: apps}, spec: {color: blue}}"), "gitops");

        Assert.Multiple(() =>
        {
            Assert.That(result.Value.AsMap["apiVersion"].AsString, Is.EqualTo("ssa.example.com/v1"));
            Assert.That(result.Value.AsMap["spec"].AsMap["size"].AsInteger, Is.EqualTo(1));
            Assert.That(result.Value.AsMap["spec"].AsMap["color"].AsString, Is.EqualTo("blue"));
            var old = result.ManagedFields.Single(e => e.Manager == "old-tool");
            Assert.That(old.ApiVersion, Is.EqualTo("ssa.example.com/v1alpha1"));
            Assert.That(old.Fields.ToFieldsV1Json(), Does.Contain("f:size"));
            Assert.That(result.ManagedFields.Single(e => e.Manager == "gitops").Fields.ToFieldsV1Json(), Does.Contain("f:color"));
        });
    }

    [Test]
    public void A_conflict_with_a_manager_at_another_version_is_still_detected()
    {
        var ssa = Create();
        var live = ssa.Apply(null, Yaml("{apiVersion: ssa.example.com/v1alpha1, kind: Widget, metadata: {name: w, namespace: apps}, spec: {size: 1}}"), "old-tool").Value;

        Assert.Throws<GitOps.Ssa.ManagedFields.FieldManagerConflictException>(() =>
            ssa.Apply(live, Yaml("{apiVersion: ssa.example.com/v1, kind: Widget, metadata: {name: w, namespace: apps}, spec: {size: 3}}"), "gitops"));
    }
}
