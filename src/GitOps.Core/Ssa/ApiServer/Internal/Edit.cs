using GitOps.Ssa.ManagedFields.Internal;
using GitOps.Ssa.Values;

namespace GitOps.Ssa.ApiServer.Internal;

/// <summary>Small immutable edits of decoded objects, as defaulting functions need them.</summary>
internal static class Edit
{
    public static SsaValue? Get(SsaValue? map, string key) => KubernetesDefaults.Get(map, key);

    public static SsaValue With(SsaValue map, string key, SsaValue value) => KubernetesDefaults.With(map, key, value);

    public static string? Str(SsaValue? map, string key) => Get(map, key) is { Kind: SsaValueKind.String } s ? s.AsString : null;

    /// <summary>Sets a field that is absent or null (a nil pointer in Go).</summary>
    public static SsaValue Default(SsaValue map, string key, SsaValue value) =>
        map.IsMap && Get(map, key) is null or { IsNull: true } ? With(map, key, value) : map;

    public static SsaValue Default(SsaValue map, string key, string value) => Default(map, key, SsaValue.FromString(value));

    public static SsaValue Default(SsaValue map, string key, long value) => Default(map, key, SsaValue.FromInt64(value));

    public static SsaValue Default(SsaValue map, string key, bool value) => Default(map, key, SsaValue.FromBoolean(value));

    /// <summary>Sets a string field that is absent, null or empty (a Go string's zero value).</summary>
    public static SsaValue DefaultString(SsaValue map, string key, string value) =>
        map.IsMap && Get(map, key) is null or { IsNull: true } or { Kind: SsaValueKind.String, AsString.Length: 0 } ? With(map, key, SsaValue.FromString(value)) : map;

    /// <summary>Rewrites a map-valued field when present.</summary>
    public static SsaValue Map(SsaValue map, string key, Func<SsaValue, SsaValue> edit) =>
        Get(map, key) is { IsMap: true } child ? With(map, key, edit(child)) : map;

    /// <summary>Rewrites each map item of a list-valued field when present.</summary>
    public static SsaValue Items(SsaValue map, string key, Func<SsaValue, SsaValue> edit) =>
        Get(map, key) is { IsList: true } list ? With(map, key, SsaValue.FromList(list.AsList.Select(i => i.IsMap ? edit(i) : i).ToList())) : map;

    /// <summary>Rewrites a nested path of map-valued fields when all are present.</summary>
    public static SsaValue Path(SsaValue map, Func<SsaValue, SsaValue> edit, params string[] path) =>
        path.Length == 0 ? edit(map) : Map(map, path[0], child => Path(child, edit, path[1..]));

    /// <summary>A non-pointer struct field the typed round trip always writes: {} when absent.</summary>
    public static SsaValue Struct(SsaValue map, string key) => Default(map, key, SsaValue.EmptyMap);

    public static SsaValue Parse(string json) => SsaValue.ParseJson(json);
}
