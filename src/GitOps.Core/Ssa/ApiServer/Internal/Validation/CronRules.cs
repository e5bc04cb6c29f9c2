using System.Globalization;
using GitOps.Ssa.Values;
using static GitOps.Ssa.ApiServer.Internal.Edit;

namespace GitOps.Ssa.ApiServer.Internal.Validation;

/// <summary>CronJob schedule and time zone validation: the standard 5-field cron grammar with its error texts.</summary>
internal static class CronRules
{
    private static readonly (uint Min, uint Max, string[]? Names)[] Fields =
    [
        (0, 59, null),
        (0, 23, null),
        (1, 31, null),
        (1, 12, ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]),
        (0, 6, ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]),
    ];

    private static readonly string[] Descriptors = ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"];

    public static void CronJob(FieldErrors errors, SsaValue? spec)
    {
        if (Str(spec, "schedule") is { } schedule)
        {
            var value = SsaValue.FromString(schedule);
            if (Parse(schedule) is { } error)
            {
                errors.Invalid("spec.schedule", value, error);
            }

            if (schedule.Contains("TZ", StringComparison.Ordinal))
            {
                errors.Invalid("spec.schedule", value, "cannot use TZ or CRON_TZ in schedule, use timeZone field instead");
            }
        }

        if (Get(spec, "timeZone") is { Kind: SsaValueKind.String } tz)
        {
            var zone = tz.AsString;
            if (zone.Length == 0)
            {
                errors.Invalid("spec.timeZone", tz, "timeZone must be nil or non-empty string");
            }
            else if (string.Equals(zone, "Local", StringComparison.OrdinalIgnoreCase))
            {
                errors.Invalid("spec.timeZone", tz, "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones");
            }
            else if (!TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
            {
                errors.Invalid("spec.timeZone", tz, "unknown time zone " + zone);
            }
        }
    }

    // cron.ParseStandard: null when the schedule parses, else its error text.
    private static string? Parse(string spec)
    {
        if (spec.Length == 0)
        {
            return "empty spec string";
        }

        if (spec.StartsWith("TZ=", StringComparison.Ordinal) || spec.StartsWith("CRON_TZ=", StringComparison.Ordinal))
        {
            var space = spec.IndexOf(' ', StringComparison.Ordinal);
            var eq = spec.IndexOf('=', StringComparison.Ordinal);
            var location = space < 0 ? spec[(eq + 1)..] : spec[(eq + 1)..space];
            if (!TimeZoneInfo.TryFindSystemTimeZoneById(location, out _))
            {
                return $"provided bad location {location}: unknown time zone {location}";
            }

            spec = space < 0 ? string.Empty : spec[(space + 1)..].TrimStart();
        }

        if (spec.StartsWith('@'))
        {
            return Descriptors.Contains(spec, StringComparer.Ordinal) || spec.StartsWith("@every ", StringComparison.Ordinal) ? null : "unrecognized descriptor: " + spec;
        }

        var fields = spec.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5)
        {
            return $"expected exactly 5 fields, found {fields.Length}: [{string.Join(' ', fields)}]";
        }

        for (var i = 0; i < fields.Length; i++)
        {
            foreach (var expr in fields[i].Split(','))
            {
                if (Range(expr, Fields[i]) is { } error)
                {
                    return error;
                }
            }
        }

        return null;
    }

    private static string? Range(string expr, (uint Min, uint Max, string[]? Names) bounds)
    {
        var rangeAndStep = expr.Split('/');
        var lowAndHigh = rangeAndStep[0].Split('-');
        uint start, end;
        string? error;
        if (lowAndHigh[0] is "*" or "?")
        {
            (start, end) = (bounds.Min, bounds.Max);
        }
        else
        {
            if ((error = IntOrName(lowAndHigh[0], bounds.Names, out start)) is not null)
            {
                return error;
            }

            switch (lowAndHigh.Length)
            {
                case 1:
                    end = start;
                    break;
                case 2:
                    if ((error = IntOrName(lowAndHigh[1], bounds.Names, out end)) is not null)
                    {
                        return error;
                    }

                    break;
                default:
                    return "too many hyphens: " + expr;
            }
        }

        uint step = 1;
        switch (rangeAndStep.Length)
        {
            case 1:
                break;
            case 2:
                if ((error = Int(rangeAndStep[1], out step)) is not null)
                {
                    return error;
                }

                if (lowAndHigh.Length == 1)
                {
                    end = bounds.Max;
                }

                break;
            default:
                return "too many slashes: " + expr;
        }

        return start < bounds.Min ? $"beginning of range ({start}) below minimum ({bounds.Min}): {expr}"
            : end > bounds.Max ? $"end of range ({end}) above maximum ({bounds.Max}): {expr}"
            : start > end ? $"beginning of range ({start}) beyond end of range ({end}): {expr}"
            : step == 0 ? "step of range should be a positive number: " + expr
            : null;
    }

    private static string? IntOrName(string expr, string[]? names, out uint value)
    {
        var index = names is null ? -1 : Array.IndexOf(names, expr.ToLowerInvariant());
        if (index >= 0)
        {
            value = (uint)index + (names!.Length == 12 ? 1u : 0u);
            return null;
        }

        return Int(expr, out value);
    }

    private static string? Int(string expr, out uint value)
    {
        value = 0;
        if (!int.TryParse(expr, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            return $"failed to parse int from {expr}: strconv.Atoi: parsing {FieldErrors.Quote(expr)}: invalid syntax";
        }

        if (number < 0)
        {
            return $"negative number ({number}) not allowed: {expr}";
        }

        value = (uint)number;
        return null;
    }
}
