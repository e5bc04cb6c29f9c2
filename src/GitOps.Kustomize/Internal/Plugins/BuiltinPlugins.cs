using System.Globalization;
using GitOps.Kustomize.Internal.Patches;
using GitOps.Kustomize.Internal.Replacements;
using GitOps.Yaml;

namespace GitOps.Kustomize.Internal.Plugins;

/// <summary>
/// The <c>generators</c> and <c>transformers</c> fields: builtin plugin configs (<c>apiVersion: builtin</c>) run in
/// the order given, after the kustomization's own generators or transformers, as kustomize's plugin loader
/// (<c>api/internal/plugins/loader/loader.go</c>) with builtins only. Exec and KRM-function plugins are refused
/// with kustomize's own message, as Flux's kustomize-controller refuses them.
/// </summary>
internal static class BuiltinPlugins
{
    public static void RunGenerators(KustTarget kt, FileLoader ldr, ResAccumulator ra)
    {
        if (kt.Kustomization.Generators.Count == 0)
        {
            return;
        }

        foreach (var config in PluginConfigs.Load(kt, kt.Kustomization.Generators))
        {
            var generated = Generate(ldr, config);
            var origin = PluginConfigs.OriginOf(config);
            var map = new ResMap();
            foreach (var r in generated)
            {
                if (origin is not null && r.GetAnnotation(Resource.OriginAnnotation) is null)
                {
                    r.SetAnnotation(Resource.OriginAnnotation, origin);
                }

                map.Append(r);
            }

            try
            {
                ra.ResMap.AbsorbAll(map);
            }
            catch (KustomizeException ex)
            {
                throw new KustomizeException($"merging from generator {config.CurId}: {ex.Message}", ex);
            }
        }
    }

    public static void RunTransformers(KustTarget kt, FileLoader ldr, ResAccumulator ra)
    {
        if (kt.Kustomization.Transformers.Count == 0)
        {
            return;
        }

        var configs = PluginConfigs.Load(kt, kt.Kustomization.Transformers);
        var transforms = configs.Select(c => (Run: Configure(kt, ldr, c), Origin: kt.OriginPath is null ? null : PluginConfigs.OriginOf(c))).ToList();
        foreach (var (run, origin) in transforms)
        {
            run(ra.ResMap);
            ra.ResMap.InvalidateIndex();

            // As kustomize's multiTransformer: a transformer whose config has an origin is recorded on every resource.
            if (origin is not null)
            {
                foreach (var r in ra.ResMap.Resources)
                {
                    Transformers.AddTransformation(r, origin);
                }
            }
        }
    }

    private static void RequireBuiltin(Resource config)
    {
        var gvk = config.Gvk;
        if (gvk.Group.Length != 0 || gvk.Version != "builtin")
        {
            throw new KustomizeException($"external plugins disabled; unable to load external plugin '{config.OrgId().Gvk.Kind}'");
        }
    }

    private static KustomizeException NotBuiltin(Resource config) => new($"unable to load builtin {config.Gvk}");

    private static KustomizeException NotYetSupported(Resource config) =>
        new($"plugin {config.OrgId()} fails configuration: the builtin {config.Kind} is not supported by this build yet");

    private static List<Resource> Generate(FileLoader ldr, Resource config)
    {
        RequireBuiltin(config);
        switch (config.Kind)
        {
            case "ConfigMapGenerator":
            case "SecretGenerator":
                var kind = config.Kind == "ConfigMapGenerator" ? "ConfigMap" : "Secret";
                GeneratorArgs args;
                try
                {
                    args = Kustomization.ParsePluginGenerator(config.Node, kind);
                }
                catch (KustomizeException ex)
                {
                    throw new KustomizeException($"plugin {config.OrgId()} fails configuration: {ex.Message}", ex);
                }

                return [Generators.Generate(ldr, args, args.Options)];
            case "IAMPolicyGenerator":
                return [IamPolicy(config.Node)];
            case "HelmChartInflationGenerator":
                throw NotYetSupported(config);
            case "AnnotationsTransformer" or "HashTransformer" or "ImageTagTransformer" or "LabelTransformer" or "LegacyOrderTransformer"
                or "NamespaceTransformer" or "PatchJson6902Transformer" or "PatchStrategicMergeTransformer" or "PatchTransformer"
                or "PrefixSuffixTransformer" or "PrefixTransformer" or "SuffixTransformer" or "ReplicaCountTransformer"
                or "ReplacementTransformer" or "ValueAddTransformer":
                throw new KustomizeException($"plugin {config.OrgId()} not a generator");
            default:
                throw NotBuiltin(config);
        }
    }

    private static Action<ResMap> Configure(KustTarget kt, FileLoader ldr, Resource config)
    {
        RequireBuiltin(config);
        var c = config.Node;
        try
        {
            switch (config.Kind)
            {
                case "NamespaceTransformer":
                    var ns = config.Namespace;
                    var nsSpecs = PluginConfigs.FieldSpecs(c);
                    return m =>
                    {
                        if (ns.Length > 0)
                        {
                            Transformers.Namespace(m, ns, nsSpecs);
                        }
                    };
                case "PrefixSuffixTransformer":
                    var (prefix, suffix, psSpecs) = (PluginConfigs.Text(c, "prefix"), PluginConfigs.Text(c, "suffix"), PluginConfigs.FieldSpecs(c));
                    return m => PrefixSuffix(m, prefix, suffix, psSpecs);
                case "PrefixTransformer":
                    var (p, pSpecs) = (PluginConfigs.Text(c, "prefix"), PluginConfigs.FieldSpecs(c));
                    return m => PrefixSuffix(m, p, null, pSpecs);
                case "SuffixTransformer":
                    var (s, sSpecs) = (PluginConfigs.Text(c, "suffix"), PluginConfigs.FieldSpecs(c));
                    return m => PrefixSuffix(m, null, s, sSpecs);
                case "LabelTransformer":
                    var (labels, lSpecs) = (PluginConfigs.StringMap(c, "labels"), PluginConfigs.FieldSpecs(c));
                    return m => Transformers.SetMapEntries(m, labels, lSpecs);
                case "AnnotationsTransformer":
                    var (annotations, aSpecs) = (PluginConfigs.StringMap(c, "annotations"), PluginConfigs.FieldSpecs(c));
                    return m => Transformers.SetMapEntries(m, annotations, aSpecs);
                case "ImageTagTransformer":
                    var image = PluginConfigs.Field(c, "imageTag") as YamlMapping ?? new YamlMapping();
                    var imageArgs = new ImageArgs(PluginConfigs.Text(image, "name"), PluginConfigs.Text(image, "newName"), PluginConfigs.Text(image, "newTag"), PluginConfigs.Text(image, "digest"), PluginConfigs.Text(image, "tagSuffix"));
                    var iSpecs = PluginConfigs.FieldSpecs(c);
                    return m => Transformers.Images(m, imageArgs, iSpecs);
                case "ReplicaCountTransformer":
                    var replica = PluginConfigs.Field(c, "replica") as YamlMapping ?? new YamlMapping();
                    var count = long.TryParse(PluginConfigs.Text(replica, "count"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : 0;
                    var replicaArgs = new ReplicaArgs(PluginConfigs.Text(replica, "name"), count);
                    var rSpecs = PluginConfigs.FieldSpecs(c);
                    return m => Transformers.Replicas(Transformers.IndexByAnyName(m), replicaArgs, rSpecs);
                case "ReplacementTransformer":
                    var entries = PluginConfigs.Field(c, "replacements") as YamlSequence ?? [];
                    var replacements = ReplacementTransformer.Load(ldr, entries, strict: false);
                    return m => ReplacementFilter.Apply(m.Resources, replacements);
                case "HashTransformer":
                    return Transformers.AddHashSuffixes;
                case "LegacyOrderTransformer":
                    return m => Transformers.Sort(m, null);
                case "PatchTransformer":
                    var patch = PatchArgs.ParsePatch(PluginArgs(c, "path", "patch", "target", "options"));
                    return m => PatchTransformers.Patch(kt, m, patch);
                case "ValueAddTransformer":
                    return ValueAddTransformer.Configure(ldr, c);
                case "PatchStrategicMergeTransformer" or "PatchJson6902Transformer":
                    throw NotYetSupported(config);
                case "ConfigMapGenerator" or "SecretGenerator" or "HelmChartInflationGenerator" or "IAMPolicyGenerator":
                    throw new KustomizeException($"plugin {config.OrgId()} not a transformer");
                default:
                    throw NotBuiltin(config);
            }
        }
        catch (KustomizeException ex) when (!ex.Message.StartsWith("plugin ", StringComparison.Ordinal) && !ex.Message.StartsWith("unable to load builtin", StringComparison.Ordinal))
        {
            throw new KustomizeException($"plugin {config.OrgId()} fails configuration: {ex.Message}", ex);
        }
    }

    /// <summary>A plugin config's own fields (named case-insensitively, as encoding/json), without its apiVersion, kind and metadata.</summary>
    private static YamlMapping PluginArgs(YamlMapping config, params string[] fields)
    {
        var args = new YamlMapping();
        foreach (var f in fields)
        {
            if (PluginConfigs.Field(config, f) is { } v)
            {
                args.Set(f, v);
            }
        }

        return args;
    }

    /// <summary>The IAMPolicyGenerator (<c>api/filters/iampolicygenerator</c>): a GKE workload-identity ServiceAccount.</summary>
    private static Resource IamPolicy(YamlMapping c)
    {
        var cloud = PluginConfigs.Text(c, "cloud");
        if (cloud != "gke")
        {
            throw new KustomizeException($"cloud provider {cloud} not supported yet");
        }

        var k8s = PluginConfigs.Field(c, "kubernetesService") as YamlMapping ?? new YamlMapping();
        var gsa = PluginConfigs.Field(c, "serviceAccount") as YamlMapping ?? new YamlMapping();
        var text = $"apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  annotations:\n    iam.gke.io/gcp-service-account: {PluginConfigs.Text(gsa, "name")}@{PluginConfigs.Text(gsa, "projectId")}.iam.gserviceaccount.com\n  name: {PluginConfigs.Text(k8s, "name")}\n";
        if (PluginConfigs.Text(k8s, "namespace") is { Length: > 0 } ns)
        {
            text += $"  namespace: {ns}\n";
        }

        return new Resource((YamlMapping)YamlReader.ReadDocument(text));
    }

    /// <summary>
    /// The PrefixSuffixTransformer (both affixes) and the Prefix/SuffixTransformer
    /// (<c>plugin/builtin/prefixsuffixtransformer</c>, <c>prefixtransformer</c>, <c>suffixtransformer</c>).
    /// </summary>
    private static void PrefixSuffix(ResMap m, string? prefix, string? suffix, List<FieldSpec> fieldSpecs)
    {
        foreach (var r in m.Resources)
        {
            var org = r.OrgId().Gvk;
            if (org.IsSelected(null, null, "CustomResourceDefinition") || org.IsSelected("apiregistration.k8s.io", null, "APIService") || org.IsSelected(null, null, "Namespace"))
            {
                continue;
            }

            foreach (var fs in fieldSpecs)
            {
                if (!r.OrgId().Gvk.IsSelected(fs.Group, fs.Version, fs.Kind))
                {
                    continue;
                }

                if (fs.Path == "metadata/name")
                {
                    if (prefix is not null)
                    {
                        r.AddNamePrefix(prefix);
                    }

                    if (suffix is not null)
                    {
                        r.AddNameSuffix(suffix);
                    }

                    if ((prefix ?? string.Empty).Length > 0 || (suffix ?? string.Empty).Length > 0)
                    {
                        r.StorePreviousId();
                    }
                }

                FieldSpecWalker.Apply(r.Node, fs, n => n is YamlScalar s
                    ? new YamlScalar(prefix + s.Value + suffix, null, s.Style)
                    : throw new KustomizeException($"wrong node kind: expected ScalarNode but got {n.Kind}Node"), CreateKind.Scalar, YamlScalar.StringTag);
            }
        }

        m.InvalidateIndex();
    }
}
