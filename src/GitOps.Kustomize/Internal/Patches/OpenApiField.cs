using GitOps.Patching;

namespace GitOps.Kustomize.Internal.Patches;

/// <summary>
/// The kustomization <c>openapi</c> field (kyaml's openapi.SetSchema): <c>path</c> names a custom OpenAPI v2
/// schema, <c>version</c> a built-in one (only <c>v1.21.2</c>, the default, is built into kustomize v5.5).
/// The top kustomization decides; below it, the first kustomization with the field decides when the top did
/// not. A custom schema chosen below the top comes with the built-in types (kyaml has parsed them by then).
/// </summary>
internal static class OpenApiField
{
    private const string BuiltInVersion = "v1.21.2";

    public static void Apply(KustTarget kt, bool reset)
    {
        var context = kt.Context;
        if (context.OpenApiChosen && !reset)
        {
            return;
        }

        var field = kt.Kustomization.OpenApi;
        if (field is null)
        {
            return;
        }

        var hasVersion = field.TryGetValue("version", out var version);
        if (field.TryGetValue("path", out var path))
        {
            string text;
            try
            {
                text = kt.Loader.Load(path);
            }
            catch (KustomizeException) when (!File.Exists(Path.GetFullPath(Path.Combine(kt.Loader.Root, path))))
            {
                throw new KustomizeException($"evalsymlink failure on '{path}' : lstat {path}: no such file or directory");
            }

            if (hasVersion)
            {
                throw new KustomizeException("builtin version and custom schema provided, cannot use both");
            }

            PatchSchema custom;
            try
            {
                custom = PatchSchema.FromOpenApi(text);
            }
            catch (PatchException ex)
            {
                throw new KustomizeException(ex.Message, ex);
            }

            context.PatchSchema = reset ? custom : PatchSchema.Combine(custom, PatchSchema.Kubernetes);
            context.OpenApiChosen = true;
            return;
        }

        if (string.IsNullOrEmpty(version))
        {
            return;
        }

        if (version != BuiltInVersion)
        {
            throw new KustomizeException("the specified OpenAPI version is not built in");
        }

        context.PatchSchema = PatchSchema.Kubernetes;
        context.OpenApiChosen = true;
    }
}
