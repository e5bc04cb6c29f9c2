namespace GitOps.Kustomize.Tests.Building.Features;

/// <summary>
/// Legacy <c>vars</c>, following kustomize's api/internal/accumulator (resaccumulator.go, refvartransformer.go)
/// and api/filters/refvar; expected outputs are kubectl kustomize's on the same trees.
/// </summary>
public sealed class VarsTests
{
    [Test]
    public void Vars_expand_in_the_default_var_reference_fields_keeping_a_lone_reference_typed_and_escapes_and_unknown_names_as_written() =>
        TestTrees.BuildsAsKubectl("Vars", "substitution");

    [Test]
    public void Var_reference_fields_from_configurations_are_where_vars_expand_in_custom_kinds() =>
        TestTrees.BuildsAsKubectl("Vars", "custom-varreference");

    [Test]
    public void A_var_declared_twice_fails_with_kubectls_message() =>
        TestTrees.BuildsAsKubectl("Vars", "duplicate");

    [Test]
    public void A_var_whose_object_does_not_exist_fails_with_kubectls_message() =>
        TestTrees.BuildsAsKubectl("Vars", "unresolved");
}
