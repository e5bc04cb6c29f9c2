using System.CommandLine;
using GitOps.Kubernetes.Apply;
using GitOps.Kustomize;
using GitOps.Ssa.Values;

namespace GitOps.Cli.Commands;

/// <summary>
/// How <c>gitops diff</c> and <c>gitops apply</c> build DIR: plain kustomize, or with <c>--flux</c> Flux's build layer as
/// <c>flux diff kustomization --path</c> does (the same <c>--target-namespace</c>, <c>--substitute KEY=VALUE</c> and
/// <c>--substitute-from FILE</c> as <c>gitops kustomize build --flux</c>).
/// </summary>
internal sealed class ClusterBuildOptions
{
    private readonly Option<bool> _flux = new("--flux") { Description = "Build as Flux's kustomize-controller does (generate or amend the kustomization, substitute post-build variables), as flux diff kustomization --path does." };
    private readonly Option<string?> _targetNamespace = new("--target-namespace") { Description = "With --flux: the Kustomization's spec.targetNamespace." };
    private readonly Option<string[]> _substitute = new("--substitute") { Description = "With --flux: a post-build variable KEY=VALUE (repeatable; wins over files)." };
    private readonly Option<string[]> _substituteFrom = new("--substitute-from") { Description = "With --flux: a variables file (.env KEY=VALUE lines, or a YAML/JSON ConfigMap, Secret or flat mapping); repeatable, read in order." };

    /// <summary>Adds the build options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(_flux);
        command.Options.Add(_targetNamespace);
        command.Options.Add(_substitute);
        command.Options.Add(_substituteFrom);
    }

    /// <summary>Builds <paramref name="dir"/> and returns the objects, normalised as Flux normalises desired objects.</summary>
    public async Task<IReadOnlyList<SsaValue>> BuildAsync(ParseResult parseResult, string dir, CancellationToken cancellationToken)
    {
        var substitutes = parseResult.GetValue(_substitute) ?? [];
        var files = parseResult.GetValue(_substituteFrom) ?? [];
        var targetNamespace = parseResult.GetValue(_targetNamespace);
        string yaml;
        if (parseResult.GetValue(_flux))
        {
            var built = await KustomizeFluxBuild.BuildAsync(dir, null, targetNamespace, substitutes, files, cancellationToken).ConfigureAwait(false);
            yaml = built.ToYaml();
        }
        else if (targetNamespace is not null || substitutes.Length > 0 || files.Length > 0)
        {
            throw new ArgumentException("--target-namespace, --substitute and --substitute-from need --flux");
        }
        else
        {
            var built = await new KustomizeBuilder().BuildAsync(dir, null, cancellationToken).ConfigureAwait(false);
            yaml = built.ToYaml();
        }

        return SsaValue.ParseYamlDocuments(yaml).Where(o => o.IsMap).Select(ObjectNormalizer.Normalize).ToList();
    }
}
