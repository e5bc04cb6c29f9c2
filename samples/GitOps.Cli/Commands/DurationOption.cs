using System.CommandLine;
using System.Globalization;

namespace GitOps.Cli.Commands;

/// <summary>
/// <c>--timeout</c>-style options that take a duration as Flux's CLI does (Go's <c>time.ParseDuration</c>:
/// <c>90s</c>, <c>5m</c>, <c>1h30m</c>, <c>1.5s</c>, <c>250ms</c>), so that values copied from a Flux object's
/// <c>spec.timeout</c> work unchanged.
/// </summary>
internal static class DurationOption
{
    /// <summary>An option named <paramref name="name"/> whose value is a positive Go duration.</summary>
    public static Option<TimeSpan> Create(string name, string description, TimeSpan defaultValue) => new(name)
    {
        Description = description + $" A Go duration such as 30s, 5m or 1h30m (default {Format(defaultValue)}).",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
            if (!TryParse(text, out var value) || value <= TimeSpan.Zero)
            {
                result.AddError($"{name}: '{text}' is not a positive duration such as 30s, 5m or 1h30m");
                return defaultValue;
            }

            return value;
        },
    };

    /// <summary>Go's duration syntax: one or more decimal numbers, each with a unit of ns, us, µs, ms, s, m or h.</summary>
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (text.Length == 0)
        {
            return false;
        }

        if (text == "0")
        {
            return true;
        }

        decimal ticks = 0;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
            {
                i++;
            }

            if (i == start || !decimal.TryParse(text.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            var unitStart = i;
            while (i < text.Length && !char.IsAsciiDigit(text[i]) && text[i] != '.')
            {
                i++;
            }

            decimal? scale = text[unitStart..i] switch
            {
                "ns" => 0.01m,
                "us" or "µs" => 10m,
                "ms" => TimeSpan.TicksPerMillisecond,
                "s" => TimeSpan.TicksPerSecond,
                "m" => TimeSpan.TicksPerMinute,
                "h" => TimeSpan.TicksPerHour,
                _ => null,
            };
            if (scale is null)
            {
                return false;
            }

            ticks += number * scale.Value;
            if (ticks > TimeSpan.MaxValue.Ticks)
            {
                return false;
            }
        }

        value = TimeSpan.FromTicks((long)ticks);
        return true;
    }

    private static string Format(TimeSpan value) =>
        value.TotalSeconds < 60 ? string.Create(CultureInfo.InvariantCulture, $"{value.TotalSeconds:0.###}s")
        : value.TotalMinutes < 60 ? string.Create(CultureInfo.InvariantCulture, $"{value.TotalMinutes:0.###}m")
        : string.Create(CultureInfo.InvariantCulture, $"{value.TotalHours:0.###}h");
}
