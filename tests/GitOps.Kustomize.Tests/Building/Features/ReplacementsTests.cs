namespace GitOps.Kustomize.Tests.Building.Features;

/// <summary>
/// The <c>replacements</c> field, following kustomize's api/filters/replacement/replacement.go and
/// plugin/builtin/replacementtransformer; expected outputs are kubectl kustomize's on the same trees.
/// </summary>
public sealed class ReplacementsTests
{
    [Test]
    public void Delimiters_list_keys_wildcards_create_reject_label_selectors_and_replacement_files_build_as_kubectl_does() =>
        TestTrees.BuildsAsKubectl("Replacements", "options-and-paths");

    [Test]
    public void A_source_selector_matching_two_objects_fails_as_kubectl_does() =>
        TestTrees.BuildsAsKubectl("Replacements", "source-not-unique");

    [Test]
    public void A_source_index_beyond_the_delimited_parts_fails_as_kubectl_does() =>
        TestTrees.BuildsAsKubectl("Replacements", "index-out-of-bounds");

    [Test]
    public void A_target_field_that_does_not_exist_without_create_fails_as_kubectl_does() =>
        TestTrees.BuildsAsKubectl("Replacements", "missing-target-field");
}
