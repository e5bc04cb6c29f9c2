using GitOps.Kubernetes.Objects.Internal;
using GitOps.Ssa.Values;

namespace GitOps.Kubernetes.Apply.Internal;

/// <summary>Flux's Secret masking in diffs (<c>fluxcd/pkg ssa/sanitize.go</c>): <c>***</c>, or <c>*** (before)</c>/<c>*** (after)</c> for changed keys.</summary>
internal static class SecretMask
{
    public const string Default = "***";
    public const string Before = "*** (before)";
    public const string After = "*** (after)";

    public static (SsaValue Old, SsaValue New) Mask(SsaValue old, SsaValue @new)
    {
        var oldData = Obj.Get(old, "data") is { IsMap: true } o ? o.AsMap : null;
        var newData = Obj.Get(@new, "data") is { IsMap: true } n ? n.AsMap : null;
        var oldMasked = new List<KeyValuePair<string, SsaValue>>();
        var newMasked = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in oldData?.Entries ?? [])
        {
            if (newData is not null && newData.TryGetValue(k, out var nv))
            {
                var changed = !SsaValue.DeepEquals(v, nv);
                oldMasked.Add(new(k, SsaValue.FromString(changed ? Before : Default)));
                newMasked[k] = changed ? After : Default;
                continue;
            }

            oldMasked.Add(new(k, SsaValue.FromString(Default)));
        }

        var newEntries = (newData?.Entries ?? []).Select(e => new KeyValuePair<string, SsaValue>(e.Key, SsaValue.FromString(newMasked.GetValueOrDefault(e.Key, Default)))).ToList();
        return (oldData is null ? old : Obj.With(old, "data", SsaValue.FromMap(oldMasked)), newData is null ? @new : Obj.With(@new, "data", SsaValue.FromMap(newEntries)));
    }
}
