using GitOps.Ssa.Schema;
using GitOps.Testing;

namespace GitOps.Core.Tests.Ssa.Schema;

/// <summary>
/// The embedded Kubernetes schema is generated from ../shared's OpenAPI v3 documents by this test:
/// run it with GITOPS_REGENERATE_SSA_SCHEMA=1 to rewrite the file; otherwise it checks that regenerating
/// gives the committed bytes.
/// </summary>
public sealed class EmbeddedSchemaTests
{
    private const string OpenApiDir = "schemas/kubernetes/v1.36.2/openapi-v3-served";
    private const string Source = "kubernetes v1.36.2 /openapi/v3 (schemas/kubernetes/v1.36.2/openapi-v3-served)";

    private static string EmbeddedPath => Path.Combine(SharedData.RepositoryRoot, "src", "GitOps.Core", "Ssa", "Schema", "kubernetes-v1.36.2.json");

    [Test]
    public void Regenerating_the_embedded_schema_from_the_OpenAPI_documents_gives_the_same_bytes()
    {
        var dir = SharedData.Require(OpenApiDir);
        var docs = Directory.GetFiles(dir, "*.json").Order(StringComparer.Ordinal).Select(File.ReadAllText);
        var generated = SsaSchema.FromOpenApiV3Documents(docs).ToCompactJson(Source);
        if (Environment.GetEnvironmentVariable("GITOPS_REGENERATE_SSA_SCHEMA") == "1")
        {
            File.WriteAllText(EmbeddedPath, generated);
        }

        Assert.That(File.ReadAllText(EmbeddedPath), Is.EqualTo(generated));
    }

    [Test]
    public void The_embedded_schema_knows_list_map_keys_and_their_defaults()
    {
        var schema = SsaSchema.Kubernetes;

        Assert.That(schema.TryGetType("io.k8s.api.core.v1.PodSpec", out var podSpec), Is.True);
        Assert.That(podSpec!.Map!.TryGetField("containers", out var containers), Is.True);
        var list = schema.Resolve(containers!.Type)!.List!;
        Assert.That(list.Keys, Is.EqualTo(new[] { "name" }));
        Assert.That(schema.TryGetType("io.k8s.api.core.v1.ContainerPort", out var port), Is.True);
        Assert.That(port!.Map!.TryGetField("protocol", out var protocol), Is.True);
        Assert.That(protocol!.Default!.AsString, Is.EqualTo("TCP"));
    }
}
