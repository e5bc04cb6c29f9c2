using System.Globalization;

namespace GitOps.Kubernetes.Dependencies.Internal;

/// <summary>Go's <c>time.Duration.String()</c> (<c>30s</c>, <c>1m30s</c>, <c>1h0m0s</c>, <c>1.5s</c>, <c>500ms</c>), for Flux's messages.</summary>
internal static class GoDuration
{
    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero)
        {
            return "0s";
        }

        var sign = value < TimeSpan.Zero ? "-" : string.Empty;
        var d = value.Duration();
        if (d < TimeSpan.FromSeconds(1))
        {
            return sign + (d.Ticks % TimeSpan.TicksPerMillisecond == 0
                ? d.TotalMilliseconds.ToString(CultureInfo.InvariantCulture) + "ms"
                : (d.Ticks / 10.0).ToString(CultureInfo.InvariantCulture) + "µs");
        }

        var seconds = (d.Ticks % TimeSpan.TicksPerMinute / (double)TimeSpan.TicksPerSecond).ToString("0.#######", CultureInfo.InvariantCulture) + "s";
        var hours = (long)d.TotalHours;
        if (hours > 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{sign}{hours}h{d.Minutes}m{seconds}");
        }

        return d.Minutes > 0 ? string.Create(CultureInfo.InvariantCulture, $"{sign}{d.Minutes}m{seconds}") : sign + seconds;
    }
}
