namespace GitOps.Kustomize.Tests.Building.Features;

/// <summary>
/// The <c>transformers</c> and <c>generators</c> fields with builtin plugin configs, following kustomize's
/// api/internal/target/kusttarget.go and api/internal/plugins/loader; expected outputs are kubectl kustomize's.
/// </summary>
public sealed class BuiltinPluginsTests
{
    [Test]
    public void Builtin_transformers_given_inline_in_files_and_in_kustomization_directories_run_in_order() =>
        TestTrees.BuildsAsKubectl("Plugins", "builtin-transformers");

    [Test]
    public void Builtin_generators_given_inline_and_in_files_generate_hashed_objects() =>
        TestTrees.BuildsAsKubectl("Plugins", "builtin-generators");

    [Test]
    public void An_exec_or_function_plugin_is_refused_with_kubectls_message() =>
        TestTrees.BuildsAsKubectl("Plugins", "external-refused");

    [Test]
    public void A_builtin_kind_kustomize_cannot_load_is_refused_with_kubectls_message() =>
        TestTrees.BuildsAsKubectl("Plugins", "unknown-builtin");
}
