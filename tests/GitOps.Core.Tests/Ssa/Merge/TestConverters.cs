using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using GitOps.Ssa.Merge.Internal;
using GitOps.Ssa.Typed.Internal;
using GitOps.Ssa.Values;

namespace GitOps.Core.Tests.Ssa.Merge;

/// <summary>The toy version converters of structured-merge-diff's merge tests, rewritten for the C# replay.</summary>
internal static class TestConverters
{
    public static IVersionConverter Create(string kind, Func<string, TypedValue, SsaValue, TypedValue> retype) => kind switch
    {
        "identity" => new Identity(),
        "renaming" => new Renaming(retype),
        "repeating" => new Repeating(retype),
        "reliantFields" => new ReliantFields(retype),
        _ => throw new ArgumentException("unknown converter " + kind, nameof(kind)),
    };

    private static bool IsVersion(string version, out int number)
    {
        number = 0;
        return version.Length >= 2 && version[0] == 'v' && int.TryParse(version.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out number);
    }

    // SMD's dummyConverter: every non-empty version is the same object.
    private sealed class Identity : IVersionConverter
    {
        public bool TryConvert(TypedValue value, string version, [NotNullWhen(true)] out TypedValue? converted)
        {
            if (version.Length == 0)
            {
                throw new InvalidOperationException("cannot convert to invalid version: \"\"");
            }

            converted = value;
            return true;
        }
    }

    // Renames every map key ending with the source version (the type name) to end with the target version.
    private sealed class Renaming(Func<string, TypedValue, SsaValue, TypedValue> retype) : IVersionConverter
    {
        public bool TryConvert(TypedValue value, string version, [NotNullWhen(true)] out TypedValue? converted)
        {
            var from = value.TypeRef.NamedType!;
            converted = retype(version, value, Rename(value.Value, from, version));
            return true;
        }

        private static SsaValue Rename(SsaValue v, string oldSuffix, string newSuffix)
        {
            if (v.IsMap)
            {
                return SsaValue.FromMap(v.AsMap.Entries.Select(e => new KeyValuePair<string, SsaValue>(
                    e.Key.EndsWith(oldSuffix, StringComparison.Ordinal) ? e.Key[..^oldSuffix.Length] + newSuffix : e.Key,
                    Rename(e.Value, oldSuffix, newSuffix))));
            }

            if (v.IsList)
            {
                return v.AsList.Count == 0 ? SsaValue.Null : SsaValue.FromList(v.AsList.Select(i => Rename(i, oldSuffix, newSuffix)));
            }

            return v;
        }
    }

    // Nested maps whose keys, in version vN, are their first letter repeated N times; values are dropped.
    private sealed class Repeating(Func<string, TypedValue, SsaValue, TypedValue> retype) : IVersionConverter
    {
        public bool TryConvert(TypedValue value, string version, [NotNullWhen(true)] out TypedValue? converted)
        {
            converted = null;
            if (!IsVersion(version, out var n))
            {
                return false;
            }

            converted = retype(version, value, Convert(value.Value, n));
            return true;
        }

        // What SMD's test does through YAML text: keep the first top-level key (go-yaml sorts keys),
        // rename every nested key to its first letter repeated n times, drop leaf values, stop at the
        // next top-level key; a repeated key keeps its last value.
        private static SsaValue Convert(SsaValue v, int n)
        {
            if (!v.IsMap || v.AsMap.Count == 0)
            {
                return v;
            }

            var first = v.AsMap.Entries.OrderBy(e => e.Key, StringComparer.Ordinal).First();
            var value = first.Value.IsMap && first.Value.AsMap.Count > 0 ? Nest(first.Value, n) : first.Value;
            return SsaValue.FromMap([new(first.Key, value)]);
        }

        private static SsaValue Nest(SsaValue m, int n) => SsaValue.FromMap(
            m.AsMap.Entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => new KeyValuePair<string, SsaValue>(
                new string(e.Key[0], n),
                e.Value.IsMap && e.Value.AsMap.Count > 0 ? Nest(e.Value, n) : SsaValue.Null)));
    }

    // v1 <-> v2 by renaming required_field_bar <-> field_foo_rely_on_bar; v1 needs required_field_bar.
    private sealed class ReliantFields(Func<string, TypedValue, SsaValue, TypedValue> retype) : IVersionConverter
    {
        public bool TryConvert(TypedValue value, string version, [NotNullWhen(true)] out TypedValue? converted)
        {
            var from = value.TypeRef.NamedType;
            converted = value;
            if (from == version)
            {
                return true;
            }

            var json = value.Value.ToJson();
            switch (version)
            {
                case "v1":
                    if (!json.Contains("required_field_bar", StringComparison.Ordinal))
                    {
                        throw new InvalidOperationException("missing requried field bar");
                    }

                    json = json.Replace("required_field_bar", "field_foo_rely_on_bar", StringComparison.Ordinal);
                    break;
                case "v2":
                    json = json.Replace("field_foo_rely_on_bar", "required_field_bar", StringComparison.Ordinal);
                    break;
                default:
                    converted = null;
                    return false;
            }

            converted = retype(version, value, SsaValue.ParseJson(json));
            return true;
        }
    }
}
