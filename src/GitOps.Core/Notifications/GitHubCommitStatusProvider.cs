using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GitOps.Notifications.Internal;
using Microsoft.Extensions.Logging;

namespace GitOps.Notifications;

/// <summary>
/// Flux's <c>github</c> provider: sets a commit status on the event's revision (<c>success</c> for info events,
/// <c>failure</c> for errors; context <c>kind/name/uidprefix</c>; description from the reason), skipping
/// <c>Progressing</c> events and statuses whose latest entry for that context already says the same.
/// github.com is reached at <c>api.github.com</c>, any other host as GitHub Enterprise at <c>/api/v3/</c>.
/// </summary>
public sealed class GitHubCommitStatusProvider : NotificationProviderBase
{
    private const int MaxListBytes = 4 * 1024 * 1024;
    private readonly CommitStatusOptions _options;
    private readonly string _owner;
    private readonly string _repository;

    /// <summary>Creates the provider.</summary>
    /// <param name="options">The settings; validated here.</param>
    /// <param name="httpClient">The client; one built from <see cref="CommitStatusOptions.Transport"/> when null.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="logger">Where the base class logs (addresses masked).</param>
    /// <exception cref="ArgumentException">The options are invalid, or the address is not <c>owner/repository</c>.</exception>
    public GitHubCommitStatusProvider(CommitStatusOptions options, HttpClient? httpClient = null, TimeProvider? timeProvider = null, ILogger<GitHubCommitStatusProvider>? logger = null)
        : base(ApiBase(options, out var owner, out var repository), options.Transport, httpClient, timeProvider, logger)
    {
        _options = options;
        _owner = owner;
        _repository = repository;
    }

    /// <inheritdoc />
    public override string Type => "github";

    /// <summary>The JSON body of the status Flux creates for <paramref name="notification"/> (<c>state</c>, <c>description</c>, <c>context</c>).</summary>
    /// <exception cref="NotificationException">The severity has no GitHub state.</exception>
    public string BuildPayload(FluxEvent notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var sb = new StringBuilder(128);
        sb.Append("{\"state\":");
        GoJson.WriteString(sb, State(notification));
        sb.Append(",\"description\":");
        GoJson.WriteString(sb, CommitStatusRules.Description(notification.Reason));
        sb.Append(",\"context\":");
        GoJson.WriteString(sb, CommitStatusRules.StatusName(_options.ProviderUid, notification));
        sb.Append('}');
        return sb.ToString();
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
        var state = State(notification);
        var description = CommitStatusRules.Description(notification.Reason);
        var context = CommitStatusRules.StatusName(_options.ProviderUid, notification);
        var repo = Uri.EscapeDataString(_owner) + "/" + Uri.EscapeDataString(_repository);
        using var deadline = CommitStatusRules.Deadline(_options.Transport, cancellationToken);
        try
        {
            using (var list = Request(HttpMethod.Get, $"repos/{repo}/commits/{sha}/statuses?per_page=50"))
            {
                var answer = await CommitStatusRules.SendAsync(Client, list, MaxListBytes, "could not list commit statuses", deadline.Token).ConfigureAwait(false);
                if (IsDuplicate(answer, state, description, context))
                {
                    return;
                }
            }

            using var create = Request(HttpMethod.Post, $"repos/{repo}/statuses/{sha}");
            create.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(BuildPayload(notification)));
            create.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            await CommitStatusRules.SendAsync(Client, create, _options.Transport.MaxResponseBytes, "could not create commit status", deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw CommitStatusRules.TimedOut("could not create commit status", ex);
        }
    }

    // duplicateGithubStatus: the newest status with this context decides.
    private static bool IsDuplicate(byte[] answer, string state, string description, string context)
    {
        try
        {
            using var statuses = JsonDocument.Parse(answer);
            if (statuses.RootElement.ValueKind != JsonValueKind.Array)
            {
                return false;
            }

            foreach (var status in statuses.RootElement.EnumerateArray())
            {
                if (status.ValueKind != JsonValueKind.Object
                    || !status.TryGetProperty("context", out var c) || c.ValueKind != JsonValueKind.String
                    || !status.TryGetProperty("state", out var s) || s.ValueKind != JsonValueKind.String
                    || !status.TryGetProperty("description", out var d) || d.ValueKind != JsonValueKind.String)
                {
                    continue;
                }

                if (c.GetString() == context)
                {
                    return s.GetString() == state && d.GetString() == description;
                }
            }

            return false;
        }
        catch (JsonException ex)
        {
            throw new NotificationException("could not list commit statuses: " + ex.Message, isTransient: false, innerException: ex);
        }
    }

    private HttpRequestMessage Request(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, new Uri(Address, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.Token);
        request.Headers.Accept.ParseAdd("application/vnd.github.v3+json");
        request.Headers.Add("X-GitHub-Api-Version", "2022-11-28");
        return request;
    }

    private static string State(FluxEvent notification) => notification.Severity switch
    {
        EventSeverity.Info => "success",
        EventSeverity.Error => "failure",
        _ => throw new NotificationException("can't convert to github state", isTransient: false),
    };

    private static Uri ApiBase(CommitStatusOptions options, out string owner, out string repository)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var (host, id) = CommitStatusRules.ParseAddress(options.Address);
        var parts = id.Split('/');
        if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            throw new ArgumentException($"invalid repository id \"{id}\"", nameof(options));
        }

        owner = parts[0];
        repository = parts[1];
        return host.Host == "github.com" ? new Uri("https://api.github.com/") : new Uri(host, "api/v3/");
    }
}
