using GitOps.Ssa.Values;

namespace GitOps.Ssa.ManagedFields.Internal;

/// <summary>
/// Formats label selectors the way the API server prints them in <c>Scale.status.selector</c>:
/// requirements sorted by key, <c>key=value</c>, <c>key in (a,b)</c>, <c>key notin (a,b)</c>,
/// <c>key</c> (exists) and <c>!key</c> (does not exist), joined with commas; no selector prints as "".
/// </summary>
internal static class LabelSelectors
{
    public static string Format(SsaValue? selector)
    {
        if (selector is not { IsMap: true })
        {
            return string.Empty;
        }

        var requirements = new List<(string Key, string Text)>();
        if (KubernetesDefaults.Get(selector, "matchLabels") is { IsMap: true } labels)
        {
            requirements.AddRange(labels.AsMap.Entries.Select(e => (e.Key, e.Key + "=" + e.Value)));
        }

        if (KubernetesDefaults.Get(selector, "matchExpressions") is { IsList: true } expressions)
        {
            foreach (var e in expressions.AsList)
            {
                var key = KubernetesDefaults.Get(e, "key")?.ToString() ?? string.Empty;
                var values = (KubernetesDefaults.Get(e, "values")?.AsList ?? []).Select(v => v.ToString()).Order(StringComparer.Ordinal);
                var text = KubernetesDefaults.Get(e, "operator")?.ToString() switch
                {
                    "In" => $"{key} in ({string.Join(',', values)})",
                    "NotIn" => $"{key} notin ({string.Join(',', values)})",
                    "Exists" => key,
                    "DoesNotExist" => "!" + key,
                    var op => throw new SsaFormatException($"{op} is not a valid label selector operator"),
                };
                requirements.Add((key, text));
            }
        }

        return string.Join(',', requirements.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => r.Text));
    }

    public static string FormatMap(SsaValue? labels) =>
        labels is { IsMap: true }
            ? string.Join(',', labels.AsMap.Entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Key + "=" + e.Value))
            : string.Empty;
}
