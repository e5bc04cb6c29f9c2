using GitOps.Kustomize.Flux;

namespace GitOps.Kustomize.Tests.Flux;

/// <summary>
/// Post-build substitution per object as <c>fluxcd/pkg kustomize/kustomize_varsub.go</c> does it
/// (SubstituteVariables, varSubstitution) inside <c>kustomize-controller kustomization_controller.go</c> build:
/// the object's YAML is substituted as text and read back through <c>sigs.k8s.io/yaml</c> YAMLToJSON (yaml.v2,
/// YAML 1.1) and kyaml's UnmarshalJSON (every number a float64). Expected outputs follow those steps by hand.
/// </summary>
public sealed class PostBuildSubstitutionTests
{
    private static async Task<string> BuildAsync(string objectYaml, IReadOnlyDictionary<string, string> vars, FluxBuildOptions? options = null, FluxSubstituteStrategy strategy = FluxSubstituteStrategy.WithVariables)
    {
        using var temp = new TemporaryDirectory();
        temp.WriteFile("app/object.yaml", objectYaml);
        var spec = new FluxKustomization { PostBuild = new FluxPostBuild { Substitute = vars, Strategy = strategy } };
        var result = await new FluxKustomizeBuilder().BuildAsync(temp.Combine("app"), spec, options);
        return result.ToYaml();
    }

    private static Dictionary<string, string> Vars(params string[] pairs)
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < pairs.Length; i += 2)
        {
            d[pairs[i]] = pairs[i + 1];
        }

        return d;
    }

    private const string Head = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n";

    // The value takes the type YAML 1.1 gives it. Quotes around the reference in the manifest do not help:
    // kustomize prints "${V}" without them before substitution (flux2#1839); quotes in the value do.
    [TestCase("x: ${V}", "3", "x: 3")]
    [TestCase("x: \"${V}\"", "3", "x: 3")]
    [TestCase("x: '${V}'", "3", "x: 3")]
    [TestCase("x: ${V}", "\"3\"", "x: \"3\"")]
    [TestCase("x: ${V}", "'3'", "x: \"3\"")]
    [TestCase("x: ${V}", "yes", "x: true")]
    [TestCase("x: ${V}", "off", "x: false")]
    [TestCase("x: \"${V}\"", "yes", "x: true")]
    [TestCase("x: ${V}", "\"yes\"", "x: \"yes\"")]
    [TestCase("x: ${V}", "0755", "x: 493")]
    [TestCase("x: ${V}", "0x1F", "x: 31")]
    [TestCase("x: ${V}", "1_000", "x: 1000")]
    [TestCase("x: ${V}", "1.10", "x: 1.1")]
    [TestCase("x: ${V}", "1e3", "x: 1000")]
    [TestCase("x: ${V}", "12345678901234567890", "x: 12345678901234567000")]
    [TestCase("x: ${V}", "~", "x: null")]
    [TestCase("x: ${V}", "2024-01-01", "x: \"2024-01-01\"")]
    [TestCase("x: v${V}", "1.2", "x: v1.2")]
    [TestCase("${V}: x", "on", "\"true\": x")]
    [TestCase("${V}: x", "10", "\"10\": x")]
    public async Task Numbers_and_booleans_must_be_quoted_to_stay_strings(string line, string value, string expected)
    {
        var output = await BuildAsync(Head.Replace("metadata:", "data:\n  " + line + "\nmetadata:", StringComparison.Ordinal), Vars("V", value));

        Assert.That(output, Does.Contain("\n  " + expected + "\n"));
    }

    [Test]
    public async Task A_deployments_replicas_become_a_number_and_a_label_stays_a_string_only_with_quotes_in_the_value()
    {
        var output = await BuildAsync(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: ${NS}\nspec:\n  replicas: ${R}\n  template:\n    metadata:\n      labels:\n        version: ${VERSION}\n",
            Vars("NS", "apps", "R", "2", "VERSION", "\"2\""));

        Assert.That(output, Is.EqualTo("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: apps\nspec:\n  replicas: 2\n  template:\n    metadata:\n      labels:\n        version: \"2\"\n"));
    }

    [Test]
    public async Task The_disabled_label_or_annotation_leaves_an_object_untouched()
    {
        var labelled = await BuildAsync("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels:\n    kustomize.toolkit.fluxcd.io/substitute: disabled\ndata:\n  a: ${MISSING}\n", Vars("V", "1"));
        var annotated = await BuildAsync("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations:\n    kustomize.toolkit.fluxcd.io/substitute: disabled\ndata:\n  a: ${MISSING}\n", Vars("V", "1"));

        Assert.That(labelled, Does.Contain("a: ${MISSING}"));
        Assert.That(annotated, Does.Contain("a: ${MISSING}"));
    }

    [Test]
    public void Strict_mode_is_on_by_default_and_names_the_object_and_variable()
    {
        var ex = Assert.ThrowsAsync<KustomizeException>(() => BuildAsync(Head + "data:\n  a: ${MISSING}\n", Vars("V", "1")));

        Assert.That(ex!.Message, Is.EqualTo("post build failed for 'ConfigMap.v1.[noGrp]/c': envsubst error: variable substitution failed: variable not set (strict mode): \"MISSING\""));
    }

    [Test]
    public async Task Without_strict_mode_an_unset_variable_is_empty_and_so_reads_back_as_null()
    {
        var output = await BuildAsync(Head + "data:\n  a: ${MISSING}\n  b: x${MISSING}y\n", Vars("V", "1"), new FluxBuildOptions { StrictSubstitution = false });

        Assert.That(output, Does.Contain("  a: null\n  b: xy\n"));
    }

    [Test]
    public async Task A_doubled_dollar_escapes_a_reference()
    {
        var output = await BuildAsync(Head + "data:\n  script: echo $${HOME} ${V}\n", Vars("V", "1"));

        Assert.That(output, Does.Contain("  script: echo ${HOME} 1\n"));
    }

    [TestCase("1X")]
    [TestCase("A-B")]
    [TestCase("É")]
    public void An_invalid_variable_name_fails_with_fluxs_pattern(string name)
    {
        var ex = Assert.ThrowsAsync<KustomizeException>(() => BuildAsync(Head, Vars(name, "v")));

        Assert.That(ex!.Message, Is.EqualTo($"post build failed for 'ConfigMap.v1.[noGrp]/c': envsubst error: '{name}' var name is invalid, must match '^[_[:alpha:]][_[:alpha:][:digit:]]*$'"));
    }

    [Test]
    public async Task With_no_variables_substitution_runs_only_for_the_always_strategy()
    {
        var withVariables = await BuildAsync(Head + "data:\n  a: ${X:=fallback}\n", Vars());
        var always = await BuildAsync(Head + "data:\n  a: ${X:=fallback}\n", Vars(), strategy: FluxSubstituteStrategy.Always);

        Assert.That(withVariables, Does.Contain("a: ${X:=fallback}"));
        Assert.That(always, Does.Contain("a: fallback"));
    }

    [Test]
    public void A_value_that_breaks_the_yaml_fails_when_read_back()
    {
        var ex = Assert.ThrowsAsync<KustomizeException>(() => BuildAsync(Head + "data:\n  a: ${V}\n", Vars("V", "[unclosed")));

        Assert.That(ex!.Message, Does.StartWith("post build failed for 'ConfigMap.v1.[noGrp]/c': envsubst error: YAMLToJSON: "));
    }

    [Test]
    public void A_value_that_grows_an_object_past_the_limit_is_refused()
    {
        var ex = Assert.ThrowsAsync<KustomizeException>(() => BuildAsync(Head + "data:\n  a: ${V}${V}${V}\n", Vars("V", new string('x', 1000)), new FluxBuildOptions { MaxSubstitutedObjectChars = 2000 }));

        Assert.That(ex!.Message, Does.Contain("larger than the limit of 2000 characters"));
    }
}
