using GitOps.Ssa.Values;

namespace GitOps.Kubernetes.Emulator.Store.Internal;

/// <summary>RFC 7386 JSON merge patch over <see cref="SsaValue"/>.</summary>
internal static class JsonMergePatch
{
    public static SsaValue Apply(SsaValue? target, SsaValue patch)
    {
        if (!patch.IsMap)
        {
            return patch;
        }

        var result = target is { IsMap: true } ? target : SsaValue.EmptyMap;
        foreach (var (key, value) in patch.AsMap.Entries)
        {
            result = value.IsNull ? Obj.With(result, key, null) : Obj.With(result, key, Apply(Obj.Get(result, key), value));
        }

        return result;
    }
}
