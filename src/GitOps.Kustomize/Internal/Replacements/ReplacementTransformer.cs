using GitOps.Yaml;

namespace GitOps.Kustomize.Internal.Replacements;

/// <summary>
/// The builtin ReplacementTransformer (<c>plugin/builtin/replacementtransformer</c>): replacements given inline
/// or by <c>path</c> (a file holding one replacement or a list of them), applied to the accumulated objects.
/// </summary>
internal static class ReplacementTransformer
{
    /// <summary>Reads the replacement entries (of a kustomization, or of a plugin config) into replacements.</summary>
    public static List<Replacement> Load(FileLoader ldr, IEnumerable<YamlNode> entries, bool strict)
    {
        var result = new List<Replacement>();
        foreach (var entry in entries)
        {
            var r = ReplacementParser.Parse(entry, strict, out var path);
            if (path.Length > 0 && (r.Source is not null || r.Targets is { Count: > 0 }))
            {
                throw new KustomizeException("cannot specify both path and inline replacement");
            }

            if (path.Length == 0)
            {
                result.Add(r);
                continue;
            }

            YamlNode doc;
            try
            {
                doc = YamlReader.ReadDocument(ldr.Load(path));
            }
            catch (YamlException ex)
            {
                throw new KustomizeException("error converting YAML to JSON: " + ex.Message, ex);
            }

            switch (doc)
            {
                case YamlSequence list:
                    result.AddRange(list.Select(n => ReplacementParser.Parse(n, strict: false, out _)));
                    break;
                case YamlMapping:
                    result.Add(ReplacementParser.Parse(doc, strict: false, out _));
                    break;
                default:
                    throw new KustomizeException($"unsupported replacement type encountered within replacement path: {(doc is YamlScalar { IsNull: true } ? "invalid" : "string")}");
            }
        }

        return result;
    }

    /// <summary>Runs a kustomization's <c>replacements</c> field on the accumulated objects.</summary>
    public static void Run(FileLoader ldr, Kustomization k, ResAccumulator ra)
    {
        if (k.Replacements.Count == 0)
        {
            return;
        }

        var replacements = Load(ldr, k.Replacements, strict: true);
        ReplacementFilter.Apply(ra.ResMap.Resources, replacements);
        ra.ResMap.InvalidateIndex();
    }
}
