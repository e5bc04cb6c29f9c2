using System.Globalization;
using GitOps.Kubernetes.Emulator.Store.Internal;
using GitOps.Ssa.Values;

namespace GitOps.Kubernetes.Emulator.Http.Internal;

/// <summary>
/// The value formats kube-apiserver's table printers write: apimachinery's <c>duration.HumanDuration</c>,
/// <c>labels.FormatLabels</c>, <c>metav1.FormatLabelSelector</c>, container and access-mode lists.
/// </summary>
internal static class TableFormat
{
    public const string None = "<none>";

    /// <summary>apimachinery's <c>duration.HumanDuration</c>: coarser units as the duration grows.</summary>
    public static string HumanDuration(TimeSpan d)
    {
        var seconds = (long)d.TotalSeconds;
        if (seconds < -1)
        {
            return "<invalid>";
        }

        if (seconds < 0)
        {
            return "0s";
        }

        if (seconds < 60 * 2)
        {
            return Invariant($"{seconds}s");
        }

        var minutes = (long)d.TotalMinutes;
        if (minutes < 10)
        {
            var s = seconds % 60;
            return s == 0 ? Invariant($"{minutes}m") : Invariant($"{minutes}m{s}s");
        }

        if (minutes < 60 * 3)
        {
            return Invariant($"{minutes}m");
        }

        var hours = (long)d.TotalHours;
        if (hours < 8)
        {
            var m = minutes % 60;
            return m == 0 ? Invariant($"{hours}h") : Invariant($"{hours}h{m}m");
        }

        if (hours < 48)
        {
            return Invariant($"{hours}h");
        }

        if (hours < 24 * 8)
        {
            var h = hours % 24;
            return h == 0 ? Invariant($"{hours / 24}d") : Invariant($"{hours / 24}d{h}h");
        }

        if (hours < 24 * 365 * 2)
        {
            return Invariant($"{hours / 24}d");
        }

        if (hours < 24 * 365 * 8)
        {
            var dy = hours / 24 % 365;
            return dy == 0 ? Invariant($"{hours / 24 / 365}y") : Invariant($"{hours / 24 / 365}y{dy}d");
        }

        return Invariant($"{hours / 24 / 365}y");
    }

    /// <summary>The printers' <c>translateTimestampSince</c>: the age of an RFC 3339 time, <c>&lt;unknown&gt;</c> when unset.</summary>
    public static string Since(SsaValue? timestamp, DateTimeOffset now) =>
        ParseTime(timestamp) is { } t ? HumanDuration(now - t) : "<unknown>";

    public static DateTimeOffset? ParseTime(SsaValue? timestamp) =>
        timestamp is { Kind: SsaValueKind.String } s && s.AsString.Length > 0
            && DateTimeOffset.TryParse(s.AsString, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? t
            : null;

    /// <summary>The text of a scalar as Go's <c>fmt.Sprint</c> writes the decoded JSON value; empty when absent.</summary>
    public static string Text(SsaValue? value) => value?.Kind switch
    {
        SsaValueKind.String => value.AsString,
        SsaValueKind.Integer => value.AsInteger.ToString(CultureInfo.InvariantCulture),
        SsaValueKind.Float => value.AsDouble.ToString("R", CultureInfo.InvariantCulture),
        SsaValueKind.Boolean => value.AsBoolean ? "true" : "false",
        _ => string.Empty,
    };

    public static long Int(SsaValue? value) => value?.Kind switch
    {
        SsaValueKind.Integer => value.AsInteger,
        SsaValueKind.Float => (long)value.AsDouble,
        _ => 0,
    };

    public static IReadOnlyList<SsaValue> Items(SsaValue? value) => value is { IsList: true } ? value.AsList : [];

    public static IReadOnlyList<KeyValuePair<string, SsaValue>> Entries(SsaValue? value) => value is { IsMap: true } ? value.AsMap.Entries : [];

    /// <summary><c>labels.FormatLabels</c>: sorted <c>k=v</c> pairs, <c>&lt;none&gt;</c> when empty.</summary>
    public static string Labels(SsaValue? map)
    {
        var pairs = Entries(map).Select(e => e.Key + "=" + Text(e.Value)).Order(StringComparer.Ordinal).ToList();
        return pairs.Count == 0 ? None : string.Join(',', pairs);
    }

    /// <summary>A label selector's <c>String()</c>: requirements sorted by key; empty for no selector.</summary>
    public static string Selector(SsaValue? selector)
    {
        if (selector is not { IsMap: true })
        {
            return string.Empty;
        }

        var requirements = new List<(string Key, string Text)>();
        foreach (var (key, value) in Entries(Obj.Get(selector, "matchLabels")))
        {
            requirements.Add((key, key + "=" + Text(value)));
        }

        foreach (var expression in Items(Obj.Get(selector, "matchExpressions")))
        {
            var key = Obj.GetString(expression, "key") ?? string.Empty;
            var values = string.Join(',', Items(Obj.Get(expression, "values")).Select(Text).Order(StringComparer.Ordinal));
            requirements.Add((key, Obj.GetString(expression, "operator") switch
            {
                "In" => key + " in (" + values + ")",
                "NotIn" => key + " notin (" + values + ")",
                "DoesNotExist" => "!" + key,
                _ => key,
            }));
        }

        return string.Join(',', requirements.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => r.Text));
    }

    /// <summary><c>metav1.FormatLabelSelector</c>: <see cref="Selector"/>, <c>&lt;none&gt;</c> when it selects by nothing.</summary>
    public static string FormatSelector(SsaValue? selector) => Selector(selector) is { Length: > 0 } s ? s : None;

    /// <summary><c>layoutContainerCells</c>: container names and images, comma-joined.</summary>
    public static (string Names, string Images) Containers(SsaValue? podSpec)
    {
        var containers = Items(Obj.Get(podSpec, "containers"));
        return (string.Join(',', containers.Select(c => Obj.GetString(c, "name") ?? string.Empty)),
            string.Join(',', containers.Select(c => Obj.GetString(c, "image") ?? string.Empty)));
    }

    /// <summary><c>helper.GetAccessModesAsString</c>: RWO, ROX, RWX, RWOP in that order.</summary>
    public static string AccessModes(SsaValue? modes)
    {
        var set = Items(modes).Select(Text).ToHashSet(StringComparer.Ordinal);
        var result = new List<string>();
        foreach (var (mode, shortName) in (ReadOnlySpan<(string, string)>)[("ReadWriteOnce", "RWO"), ("ReadOnlyMany", "ROX"), ("ReadWriteMany", "RWX"), ("ReadWriteOncePod", "RWOP")])
        {
            if (set.Contains(mode))
            {
                result.Add(shortName);
            }
        }

        return string.Join(',', result);
    }

    /// <summary>An <c>IntOrString</c>'s <c>String()</c>.</summary>
    public static string IntOrString(SsaValue? value) => Text(value);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
