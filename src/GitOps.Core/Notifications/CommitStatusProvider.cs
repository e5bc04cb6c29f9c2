using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GitOps.Notifications.Internal;
using Microsoft.Extensions.Logging;

namespace GitOps.Notifications;

/// <summary>
/// What notification-controller's commit-status notifiers share: the status is set on the commit of the event's
/// <c>revision</c> metadata, <c>Progressing</c> events are skipped, the state comes from the severity, the name is
/// <c>kind/name/&lt;first segment of the Provider UID&gt;</c> and the description the reason split at camel case;
/// the statuses already on the commit are listed first and an identical one is not set again. Not retried, as in
/// Flux (the Git host's client has no retries).
/// </summary>
public abstract class CommitStatusProvider : NotificationProviderBase
{
    private const int MaxListBytes = 4 * 1024 * 1024;
    private readonly CommitStatusOptions _options;

    private protected CommitStatusProvider(Uri apiBase, CommitStatusOptions options, HttpClient? httpClient, TimeProvider? timeProvider, ILogger? logger)
        : base(apiBase, options.Transport, httpClient, timeProvider, logger)
    {
        _options = options;
    }

    private protected abstract string FailureState { get; }

    private protected abstract string ListError { get; }

    private protected abstract string SetError { get; }

    /// <summary>The JSON body of the status Flux sets for <paramref name="notification"/>.</summary>
    /// <exception cref="NotificationException">The severity has no state on this host.</exception>
    public string BuildPayload(FluxEvent notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        return Body(Describe(notification));
    }

    /// <inheritdoc />
    public override async Task SendAsync(FluxEvent notification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (notification.Reason == CommitStatusRules.ProgressingReason)
        {
            return;
        }

        var sha = CommitStatusRules.CommitHash(CommitStatusRules.Revision(notification));
        var status = Describe(notification);
        using var deadline = CommitStatusRules.Deadline(_options.Transport, cancellationToken);
        try
        {
            using (var list = Request(HttpMethod.Get, ListPath(sha, status.Name)))
            {
                var answer = await CommitStatusRules.SendAsync(Client, list, MaxListBytes, ListError, deadline.Token).ConfigureAwait(false);
                try
                {
                    using var statuses = JsonDocument.Parse(answer);
                    if (statuses.RootElement.ValueKind == JsonValueKind.Array && IsDuplicate(statuses.RootElement, sha, status))
                    {
                        return;
                    }
                }
                catch (JsonException ex)
                {
                    throw new NotificationException($"{ListError}: {ex.Message}", isTransient: false, innerException: ex);
                }
            }

            using var set = Request(HttpMethod.Post, SetPath(sha));
            set.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(Body(status)));
            set.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            await CommitStatusRules.SendAsync(Client, set, _options.Transport.MaxResponseBytes, SetError, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw CommitStatusRules.TimedOut(SetError, ex);
        }
    }

    private protected abstract string ListPath(string sha, string name);

    private protected abstract string SetPath(string sha);

    private protected abstract bool IsDuplicate(JsonElement statuses, string sha, CommitStatus status);

    private protected abstract string Body(CommitStatus status);

    private protected abstract void Authorize(HttpRequestHeaders headers, string token);

    private protected static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private CommitStatus Describe(FluxEvent notification) => new(
        notification.Severity switch
        {
            EventSeverity.Info => "success",
            EventSeverity.Error => FailureState,
            _ => throw new NotificationException($"can't convert to {Type} state", isTransient: false),
        },
        CommitStatusRules.StatusName(_options.ProviderUid, notification),
        CommitStatusRules.Description(notification.Reason));

    private HttpRequestMessage Request(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, new Uri(Address, path));
        Authorize(request.Headers, _options.Token);
        return request;
    }

    private protected static CommitStatusOptions Validated(CommitStatusOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options;
    }

    /// <summary>A status as both hosts describe it.</summary>
    private protected sealed record CommitStatus(string State, string Name, string Description);
}
