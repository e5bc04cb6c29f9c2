using GitOps.Kubernetes.Objects;

namespace GitOps.Kubernetes.Tests.Objects;

// Follows fluxcd/cli-utils pkg/object/objmetadata.go (ObjMetadata.String, ParseObjMetadata) and fluxcd/pkg ssa/utils/fmt.go.
public sealed class ObjectMetadataTests
{
    [Test]
    public void A_namespaced_object_id_is_namespace_name_group_kind()
    {
        var id = new ObjectMetadata("apps", "web", "apps", "Deployment").ToString();
        Assert.That(id, Is.EqualTo("apps_web_apps_Deployment"));
    }

    [Test]
    public void A_cluster_scoped_core_object_keeps_empty_fields()
    {
        Assert.That(new ObjectMetadata(string.Empty, "ns1", string.Empty, "Namespace").ToString(), Is.EqualTo("_ns1__Namespace"));
    }

    [Test]
    public void Rbac_names_transcode_colons_to_double_underscores_and_back()
    {
        var role = new ObjectMetadata(string.Empty, "system:controller:x", "rbac.authorization.k8s.io", "ClusterRole");
        Assert.That(role.ToString(), Is.EqualTo("_system__controller__x_rbac.authorization.k8s.io_ClusterRole"));
        Assert.That(ObjectMetadata.Parse(role.ToString()), Is.EqualTo(role));
    }

    [Test]
    public void Parsing_round_trips_an_id()
    {
        var meta = new ObjectMetadata("default", "cfg", string.Empty, "ConfigMap");
        Assert.That(ObjectMetadata.Parse(meta.ToString()), Is.EqualTo(meta));
    }

    [Test]
    public void An_id_with_a_leftover_underscore_in_the_name_is_refused()
    {
        Assert.That(() => ObjectMetadata.Parse("ns_a_b__ConfigMap"), Throws.TypeOf<FormatException>());
        Assert.That(() => ObjectMetadata.Parse("nonsense"), Throws.TypeOf<FormatException>());
    }

    [Test]
    public void The_subject_leaves_the_namespace_out_for_cluster_scoped_objects()
    {
        Assert.That(new ObjectMetadata("ns", "web", "apps", "Deployment").Subject, Is.EqualTo("Deployment/ns/web"));
        Assert.That(new ObjectMetadata(string.Empty, "ns", string.Empty, "Namespace").Subject, Is.EqualTo("Namespace/ns"));
    }

    [Test]
    public void The_identity_of_an_object_comes_from_its_api_version_kind_and_metadata()
    {
        var meta = ObjectMetadata.From(Y.Deployment("web", "apps"));
        Assert.That(meta, Is.EqualTo(new ObjectMetadata("apps", "web", "apps", "Deployment")));
    }
}
