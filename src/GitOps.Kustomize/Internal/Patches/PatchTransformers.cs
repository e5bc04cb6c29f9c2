using GitOps.Patching;
using GitOps.Yaml;

namespace GitOps.Kustomize.Internal.Patches;

/// <summary>
/// kustomize's three patch transformers: PatchStrategicMergeTransformer (<c>patchesStrategicMerge</c>),
/// PatchTransformer (<c>patches</c>: strategic merge or JSON 6902, told apart as kustomize does) and
/// PatchJson6902Transformer (<c>patchesJson6902</c>). Resources a patch empties are dropped after each.
/// </summary>
internal static class PatchTransformers
{
    private const string InternalAnnotationPrefix = "internal.config.kubernetes.io/";

    /// <summary>The legacy <c>patchesStrategicMerge</c>: each entry a file or inline YAML, each patch applied to the one resource its id names.</summary>
    public static void StrategicMerge(KustTarget kt, ResAccumulator ra, List<string> entries)
    {
        var patches = new List<Resource>();
        foreach (var entry in entries)
        {
            List<Resource>? inline = null;
            try
            {
                inline = ResourceFactory.FromText(entry, kt.Context);
            }
            catch (KustomizeException)
            {
                // Not inline YAML: a file path.
            }

            patches.AddRange(inline ?? LoadPatchResources(kt, entry, "PatchStrategicMergeTransformer", "paths:\n- " + entry + "\n"));
        }

        if (patches.Count == 0)
        {
            throw Trouble("PatchStrategicMergeTransformer", "paths:\n" + string.Concat(entries.Select(e => "- " + e + "\n")), $"patch appears to be empty; files=[{string.Join(' ', entries)}], Patch=");
        }

        var schema = SchemaFor(kt);
        var m = ra.ResMap;
        foreach (var patch in patches)
        {
            var id = patch.OrgId();
            var matches = m.GetMatchingResourcesByAnyId(id.Name, id.SameAs);
            if (matches.Count != 1)
            {
                throw new KustomizeException($"{(matches.Count > 1 ? "multiple" : "no")} matches for Id {id}; failed to find unique target for patch {id}");
            }

            ApplySelected(m, matches, patch, schema, allowName: false, allowKind: false);
        }
    }

    /// <summary>One <c>patches</c> entry.</summary>
    public static void Patch(KustTarget kt, ResAccumulator ra, PatchEntry entry) => Patch(kt, ra.ResMap, entry);

    /// <summary>One <c>patches</c> entry, or a builtin PatchTransformer config of the <c>transformers</c> field, over a resource map.</summary>
    public static void Patch(KustTarget kt, ResMap m, PatchEntry entry)
    {
        var config = Describe(entry);
        var text = entry.Patch.Trim();
        string source;
        if (text.Length == 0 && entry.Path.Length == 0)
        {
            throw Trouble("PatchTransformer", config, "must specify one of patch and path in\n" + config);
        }

        if (text.Length > 0 && entry.Path.Length > 0)
        {
            throw Trouble("PatchTransformer", config, "patch and path can't be set at the same time\n" + config);
        }

        if (text.Length > 0)
        {
            source = $"[patch: {GoQuote.Quote(text)}]";
        }
        else
        {
            try
            {
                text = Load(kt, entry.Path);
            }
            catch (KustomizeException ex)
            {
                throw Trouble("PatchTransformer", config, $"failed to get the patch file from path({entry.Path}): {ex.Message}", ex);
            }

            source = $"[path: {GoQuote.Quote(entry.Path)}]";
        }

        List<Resource>? smPatches = null;
        JsonPatch? jsonPatch = null;
        try
        {
            smPatches = ResourceFactory.FromText(text, kt.Context);
        }
        catch (KustomizeException)
        {
        }

        try
        {
            jsonPatch = text.Length == 0 ? null : JsonPatch.Parse(text);
        }
        catch (PatchException)
        {
        }

        if (smPatches is not null && jsonPatch is not null)
        {
            throw Trouble("PatchTransformer", config, "illegally qualifies as both an SM and JSON patch: " + source);
        }

        if (smPatches is null && jsonPatch is null)
        {
            throw Trouble("PatchTransformer", config, "unable to parse SM or JSON patch from " + source);
        }

        if (smPatches is not null)
        {
            var schema = SchemaFor(kt);
            if (entry.Target is not null)
            {
                if (smPatches.Count > 1)
                {
                    throw new KustomizeException("Multiple Strategic-Merge Patches in one `patches` entry is not allowed to set `patches.target` field: " + source);
                }

                if (smPatches.Count == 0)
                {
                    return;
                }

                var selected = new PatchTargetSelector(entry.Target).Select(m);
                ApplySelected(m, selected, smPatches[0], schema, entry.AllowNameChange, entry.AllowKindChange);
                return;
            }

            foreach (var patch in smPatches)
            {
                var id = patch.OrgId();
                var matches = m.GetMatchingResourcesByAnyId(id.Name, id.SameAs);
                if (matches.Count != 1)
                {
                    throw new KustomizeException($"no resource matches strategic merge patch \"{id}\": {(matches.Count > 1 ? "multiple" : "no")} matches for Id {id}; failed to find unique target for patch {id}");
                }

                var target = matches[0];
                if (!ApplyOne(target, patch.Node, schema, entry.AllowNameChange, entry.AllowKindChange))
                {
                    m.ReplaceAll(m.Resources.Where(r => !ReferenceEquals(r, target)).ToList());
                }
            }

            m.InvalidateIndex();
            return;
        }

        if (entry.Target is null)
        {
            throw new KustomizeException("must specify a target for JSON patch " + source);
        }

        foreach (var r in new PatchTargetSelector(entry.Target).Select(m))
        {
            r.StorePreviousId();
            ApplyJson(r, jsonPatch!);
        }

        m.InvalidateIndex();
    }

    /// <summary>One legacy <c>patchesJson6902</c> entry.</summary>
    public static void Json6902(KustTarget kt, ResAccumulator ra, Json6902Entry entry)
    {
        var config = "target: " + entry.Target + "\npath: " + entry.Path + "\n";
        if (entry.Target is null || entry.Target.Name.Length == 0)
        {
            throw Trouble("PatchJson6902Transformer", config, "must specify the target name");
        }

        var op = entry.Patch;
        if (entry.Path.Length == 0 && op.Length == 0)
        {
            throw Trouble("PatchJson6902Transformer", config, "empty file path and empty jsonOp");
        }

        if (entry.Path.Length > 0)
        {
            if (op.Length > 0)
            {
                throw Trouble("PatchJson6902Transformer", config, "must specify a file path or jsonOp, not both");
            }

            try
            {
                op = Load(kt, entry.Path);
            }
            catch (KustomizeException ex)
            {
                throw Trouble("PatchJson6902Transformer", config, ex.Message, ex);
            }

            if (op.Length == 0)
            {
                throw Trouble("PatchJson6902Transformer", config, $"patch file '{entry.Path}' empty seems to be empty");
            }
        }

        JsonPatch patch;
        try
        {
            patch = JsonPatch.Parse(op);
        }
        catch (PatchException ex)
        {
            throw Trouble("PatchJson6902Transformer", config, $"decoding {op}: {ex.Message}", ex);
        }

        if (patch.Operations.Count == 0)
        {
            throw Trouble("PatchJson6902Transformer", config, $"patch appears to be empty; file={entry.Path}, JsonOp={op}");
        }

        var m = ra.ResMap;
        foreach (var r in new PatchTargetSelector(entry.Target).Select(m))
        {
            ApplyJson(r, patch);
        }

        m.InvalidateIndex();
    }

    /// <summary>resWrangler.ApplySmPatch: a copy of the patch per selected resource, given its apiVersion; emptied resources dropped.</summary>
    private static void ApplySelected(ResMap m, List<Resource> selected, Resource patch, PatchSchema schema, bool allowName, bool allowKind)
    {
        var set = new HashSet<Resource>(selected, ReferenceEqualityComparer.Instance);
        var keep = new List<Resource>(m.Count);
        foreach (var r in m.Resources)
        {
            if (set.Contains(r))
            {
                var copy = (YamlMapping)patch.Node.DeepClone();
                copy.Set("apiVersion", YamlScalar.FromString(r.ApiVersion));
                if (!ApplyOne(r, copy, schema, allowName, allowKind, patchOwned: true))
                {
                    continue;
                }
            }

            keep.Add(r);
        }

        if (keep.Count != m.Count)
        {
            m.ReplaceAll(keep);
        }

        m.InvalidateIndex();
    }

    /// <summary>Resource.ApplySmPatch: merge, then restore the name, kind and namespace unless the patch may change them.</summary>
    private static bool ApplyOne(Resource r, YamlMapping patch, PatchSchema schema, bool allowName, bool allowKind, bool patchOwned = false)
    {
        string name = r.Name, ns = r.Namespace, kind = r.Kind;
        if (allowName || allowKind)
        {
            r.StorePreviousId();
        }

        YamlNode? result;
        try
        {
            var options = new StrategicMergePatchOptions { Schema = schema };
            result = patchOwned ? StrategicMergePatch.ApplyOwned(r.Node, patch, options) : StrategicMergePatch.ApplyInPlace(r.Node, patch, options);
        }
        catch (PatchException ex)
        {
            throw new KustomizeException(ex.Message, ex);
        }

        if (result is not YamlMapping merged || merged.Count == 0)
        {
            return false;
        }

        r.Replace(merged);
        if (!allowKind)
        {
            merged.Set("kind", YamlScalar.FromString(kind));
        }

        if (!allowName)
        {
            r.SetName(name);
        }

        r.SetNamespace(ns);
        return true;
    }

    private static void ApplyJson(Resource r, JsonPatch patch)
    {
        var internalAnnotations = r.GetAnnotations().Where(a => a.Key.StartsWith(InternalAnnotationPrefix, StringComparison.Ordinal)).ToList();
        YamlNode result;
        try
        {
            // A failed patch fails the build, so the object is patched in place rather than copied first.
            result = patch.ApplyInPlace(r.Node);
        }
        catch (PatchException ex)
        {
            throw new KustomizeException(ex.Message, ex);
        }

        if (result is not YamlMapping map)
        {
            throw new KustomizeException("json: cannot unmarshal array into Go value of type map[string]interface {}");
        }

        r.Replace(map);
        var annotations = r.GetAnnotations();
        foreach (var (k, v) in internalAnnotations)
        {
            annotations[k] = v;
        }

        r.SetAnnotations(annotations);
    }

    private static List<Resource> LoadPatchResources(KustTarget kt, string path, string plugin, string config)
    {
        string text;
        try
        {
            text = Load(kt, path);
        }
        catch (KustomizeException ex)
        {
            throw Trouble(plugin, config, ex.Message, ex);
        }

        return ResourceFactory.FromText(text, kt.Context);
    }

    private static string Load(KustTarget kt, string path)
    {
        var full = Path.GetFullPath(Path.Combine(kt.Loader.Root, path));
        if (!File.Exists(full) && !Directory.Exists(full) && !FileLoader.LooksRemote(path))
        {
            throw new KustomizeException($"evalsymlink failure on '{path}' : lstat {path}: no such file or directory");
        }

        return kt.Loader.Load(path);
    }

    private static PatchSchema SchemaFor(KustTarget kt) => kt.Context.PatchSchema ?? PatchSchema.Kubernetes;

    private static string Describe(PatchEntry e)
    {
        var sb = new System.Text.StringBuilder();
        if (e.Path.Length > 0)
        {
            sb.Append("path: ").Append(e.Path).Append('\n');
        }

        if (e.Patch.Length > 0)
        {
            sb.Append("patch: ").Append(GoQuote.Quote(e.Patch)).Append('\n');
        }

        return sb.ToString();
    }

    private static KustomizeException Trouble(string plugin, string config, string message, Exception? inner = null) =>
        new($"trouble configuring builtin {plugin} with config: `\n{config}`: {message}", inner);
}
