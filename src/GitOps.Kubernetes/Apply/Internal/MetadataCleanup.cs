using GitOps.Kubernetes.Objects.Internal;
using GitOps.Ssa.ManagedFields;
using GitOps.Ssa.Values;

namespace GitOps.Kubernetes.Apply.Internal;

/// <summary>
/// The JSON patch Flux sends before an apply (<c>fluxcd/pkg ssa/patch.go</c>, <c>manager_apply.go cleanupMetadata</c>): removes the
/// cleanup annotations and labels, and merges the managedFields entries of the cleanup managers into the applier's Apply entry
/// (renaming the first match when there is none), so the next apply can remove fields <c>kubectl</c> had set.
/// </summary>
internal static class MetadataCleanup
{
    public static List<SsaValue> Build(SsaValue desired, SsaValue? live, ApplyOptions options, string fieldManager)
    {
        var ops = new List<SsaValue>();
        if (live is null || MetadataMatch.Any(desired, options.CleanupExclusions) || MetadataMatch.Any(live, options.CleanupExclusions))
        {
            return ops;
        }

        var annotations = Obj.StringMap(live, "metadata", "annotations");
        foreach (var key in options.CleanupAnnotations.Where(annotations.ContainsKey))
        {
            ops.Add(Remove("/metadata/annotations/" + JsonPointer.Escape(key)));
        }

        var labels = Obj.StringMap(live, "metadata", "labels");
        foreach (var key in options.CleanupLabels.Where(labels.ContainsKey))
        {
            ops.Add(Remove("/metadata/labels/" + JsonPointer.Escape(key)));
        }

        if (options.CleanupFieldManagers.Count > 0 && ReplaceFieldManagers(live, options.CleanupFieldManagers, fieldManager) is { } managed)
        {
            ops.Add(SsaValue.FromMap(
            [
                new("op", SsaValue.FromString("replace")),
                new("path", SsaValue.FromString("/metadata/managedFields")),
                new("value", managed),
            ]));
        }

        return ops;
    }

    /// <summary>The managedFields after handing the matching managers' entries to <paramref name="name"/>, or null when nothing matches.</summary>
    public static SsaValue? ReplaceFieldManagers(SsaValue live, IEnumerable<FieldManagerMatch> managers, string name)
    {
        var entries = ManagedFieldsAccess.Read(live);
        var original = entries.LastOrDefault(e => e.Manager == name && e.Operation == ManagedFieldsOperation.Apply);
        var previous = original;
        var kept = new List<SsaValue>();
        var edited = false;
        foreach (var entry in entries)
        {
            if (ReferenceEquals(entry, original))
            {
                continue;
            }

            if (managers.Any(m => m.Matches(entry.Manager, entry.Operation, entry.Subresource)))
            {
                previous = previous is null
                    ? entry with
                    {
                        Raw = Obj.With(Obj.With(entry.Raw, "manager", SsaValue.FromString(name)), "operation", SsaValue.FromString("Apply")),
                        Manager = name,
                        Operation = ManagedFieldsOperation.Apply,
                    }
                    : previous with { Fields = previous.Fields.Union(entry.Fields) };
                previous = previous with { Raw = ManagedFieldsAccess.WithFields(previous.Raw, previous.Fields) };
                edited = true;
                continue;
            }

            kept.Add(entry.Raw);
        }

        if (!edited)
        {
            return null;
        }

        kept.Add(previous!.Raw);
        return SsaValue.FromList(kept);
    }

    private static SsaValue Remove(string path) =>
        SsaValue.FromMap([new("op", SsaValue.FromString("remove")), new("path", SsaValue.FromString(path))]);
}
