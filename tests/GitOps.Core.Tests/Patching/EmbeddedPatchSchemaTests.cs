using GitOps.Patching;
using GitOps.Testing;

namespace GitOps.Core.Tests.Patching;

/// <summary>
/// The embedded patch schema is generated from ../shared's swagger.json by this test: run it with
/// GITOPS_REGENERATE_PATCH_SCHEMA=1 to rewrite the file; otherwise it checks that regenerating gives the
/// committed bytes.
/// </summary>
public sealed class EmbeddedPatchSchemaTests
{
    private const string SwaggerFile = "schemas/kubernetes/v1.36.2/swagger.json";
    private const string Source = "kubernetes v1.36.2 swagger.json (schemas/kubernetes/v1.36.2/swagger.json)";

    private static string EmbeddedPath => Path.Combine(SharedData.RepositoryRoot, "src", "GitOps.Core", "Patching", "Schema", "kubernetes-v1.36.2.json");

    [Test]
    public void Regenerating_the_embedded_patch_schema_from_swagger_gives_the_same_bytes()
    {
        var swagger = File.ReadAllText(SharedData.Require(SwaggerFile));
        var generated = PatchSchema.Reduce(swagger, Source);
        if (Environment.GetEnvironmentVariable("GITOPS_REGENERATE_PATCH_SCHEMA") == "1")
        {
            File.WriteAllText(EmbeddedPath, generated);
        }

        Assert.That(File.ReadAllText(EmbeddedPath), Is.EqualTo(generated));
    }

    [Test]
    public void The_embedded_schema_knows_the_built_in_kinds()
    {
        Assert.That(PatchSchema.Kubernetes.HasResourceType("apps/v1", "Deployment"), Is.True);
        Assert.That(PatchSchema.Kubernetes.HasResourceType("v1", "Service"), Is.True);
        Assert.That(PatchSchema.Kubernetes.HasResourceType("example.com/v1", "Widget"), Is.False);
    }
}
