namespace GitOps.Notifications;

/// <summary>Limits of <see cref="NotificationDispatcher"/>. Every limit is on by default.</summary>
public sealed class NotificationDispatcherOptions
{
    /// <summary>How many sends may be in flight at once, over all providers. Default 4.</summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>
    /// The shortest time between the starts of two sends to the same provider (a rate limit per provider;
    /// Slack allows about one message a second per webhook). Default 1 second; zero turns it off.
    /// </summary>
    public TimeSpan MinIntervalPerProvider { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a value is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxConcurrency, nameof(MaxConcurrency));
        ArgumentOutOfRangeException.ThrowIfLessThan(MinIntervalPerProvider, TimeSpan.Zero, nameof(MinIntervalPerProvider));
    }
}
