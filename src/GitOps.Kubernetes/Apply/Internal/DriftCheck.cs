using GitOps.Kubernetes.Objects.Internal;
using GitOps.Ssa.FieldPaths;
using GitOps.Ssa.ManagedFields;
using GitOps.Ssa.Values;

namespace GitOps.Kubernetes.Apply.Internal;

/// <summary>What to do with an ignored field that differs when an apply happens anyway.</summary>
internal sealed record DriftedPath(string[] Path, bool Strip, SsaValue? LiveValue);

/// <summary>
/// Flux's drift check (<c>fluxcd/pkg ssa/manager_diff.go hasDrifted</c>, <c>manager_apply.go hasDriftedWithIgnore</c>,
/// <c>computeDriftedPaths</c>): the dry-run result against the live object, labels and annotations compared on their own,
/// the rest without <c>metadata</c> and <c>status</c>.
/// </summary>
internal static class DriftCheck
{
    public static bool HasDrifted(SsaValue? live, SsaValue dryRun)
    {
        if (string.IsNullOrEmpty(Obj.GetString(dryRun, "metadata", "resourceVersion")) || live is null)
        {
            return true;
        }

        if (!Obj.StringMapsEqual(Obj.StringMap(dryRun, "metadata", "labels"), Obj.StringMap(live, "metadata", "labels"))
            || !Obj.StringMapsEqual(Obj.StringMap(dryRun, "metadata", "annotations"), Obj.StringMap(live, "metadata", "annotations")))
        {
            return true;
        }

        return !SsaValue.DeepEquals(PrepareForDiff(dryRun), PrepareForDiff(live));
    }

    public static bool HasDrifted(SsaValue? live, SsaValue dryRun, IReadOnlyList<DriftIgnoreRule> rules)
    {
        if (rules.Count == 0 || live is null)
        {
            return HasDrifted(live, dryRun);
        }

        var paths = IgnoredPaths(dryRun, rules);
        return HasDrifted(RemovePaths(live, paths), RemovePaths(dryRun, paths));
    }

    public static List<string[]> IgnoredPaths(SsaValue matchObject, IReadOnlyList<DriftIgnoreRule> rules) =>
        rules.Where(r => r.Target is null || r.Target.Matches(matchObject)).SelectMany(r => r.Paths).Select(JsonPointer.Parse).ToList();

    public static SsaValue RemovePaths(SsaValue obj, IEnumerable<string[]> paths)
    {
        foreach (var p in paths)
        {
            obj = p.Length == 0 ? obj : JsonPointer.Remove(obj, p);
        }

        return obj;
    }

    /// <summary>Strip (another Apply manager owns it) or adopt (the live value) each ignored path that differs.</summary>
    public static List<DriftedPath> DriftedPaths(SsaValue live, SsaValue dryRun, IReadOnlyList<DriftIgnoreRule> rules, string fieldManager)
    {
        var result = new List<DriftedPath>();
        var others = ManagedFieldsAccess.Read(live)
            .Where(e => e.Subresource.Length == 0 && e.Operation == ManagedFieldsOperation.Apply && e.Manager != fieldManager)
            .ToList();
        foreach (var path in IgnoredPaths(dryRun, rules))
        {
            var liveValue = JsonPointer.Get(live, path);
            var dryValue = JsonPointer.Get(dryRun, path);
            if ((liveValue is null) == (dryValue is null) && (liveValue is null || SsaValue.DeepEquals(liveValue, dryValue!)))
            {
                continue;
            }

            var strip = others.Any(e => Owns(e.Fields, live, path));
            result.Add(new DriftedPath(path, strip, strip ? null : liveValue));
        }

        return result;
    }

    public static SsaValue ApplyDriftedPaths(SsaValue payload, IEnumerable<DriftedPath> drifted)
    {
        foreach (var d in drifted)
        {
            payload = JsonPointer.Replace(payload, d.Path, d.Strip ? null : d.LiveValue) ?? payload;
        }

        return payload;
    }

    /// <summary>Whether a field set holds the pointer's field (or something under it); list indexes resolve to the item's key.</summary>
    public static bool Owns(FieldSet fields, SsaValue live, string[] pointer)
    {
        foreach (var owned in fields.EnumeratePaths())
        {
            if (owned.Count >= pointer.Length && PrefixMatches(owned, live, pointer))
            {
                return true;
            }
        }

        return false;
    }

    private static bool PrefixMatches(FieldPath owned, SsaValue live, string[] pointer)
    {
        SsaValue? node = live;
        for (var i = 0; i < pointer.Length; i++)
        {
            var pe = owned[i];
            var seg = pointer[i];
            if (pe.Kind == PathElementKind.Field)
            {
                if (pe.FieldName != seg)
                {
                    return false;
                }

                node = Obj.Get(node, seg);
                continue;
            }

            var item = JsonPointer.Get(node, [seg]);
            if (item is null || !int.TryParse(seg, System.Globalization.CultureInfo.InvariantCulture, out var index))
            {
                return false;
            }

            var matches = pe.Kind switch
            {
                PathElementKind.Key => pe.Keys.All(k => Obj.Get(item, k.Name) is { } v && SsaValue.DeepEquals(v, k.Value)),
                PathElementKind.Value => SsaValue.DeepEquals(item, pe.Value),
                _ => pe.Index == index,
            };
            if (!matches)
            {
                return false;
            }

            node = item;
        }

        return true;
    }

    private static SsaValue PrepareForDiff(SsaValue obj) => ObjectNormalizer.DryRun(Obj.Without(Obj.Without(obj, "metadata"), "status"));
}
