namespace GitOps.Kustomize.Tests.Building.Features;

/// <summary>
/// The <c>configurations</c> field, following kustomize's api/internal/plugins/builtinconfig; expected outputs are
/// kubectl kustomize's on the same trees.
/// </summary>
public sealed class ConfigurationsTests
{
    [Test]
    public void Custom_field_specs_extend_name_references_prefixes_labels_annotations_images_replicas_and_namespaces() =>
        TestTrees.BuildsAsKubectl("Configurations", "custom-field-specs");

    [Test]
    public void An_unknown_field_in_a_configuration_file_fails_as_kubectl_does() =>
        TestTrees.BuildsAsKubectl("Configurations", "unknown-field");
}
