using System.CommandLine;
using System.Text;
using GitOps.Notifications;

namespace GitOps.Cli.Commands;

/// <summary><c>gitops notify</c>: sends one Flux event through a notification provider.</summary>
internal static class NotifyCommand
{
    public static Command Create()
    {
        var provider = new Option<string>("--provider") { Description = "generic, generic-hmac, slack, msteams, discord, github or gitlab.", Required = true };
        var address = new Option<string>("--address") { Description = "The receiver's URL (a webhook, https://slack.com/api/chat.postMessage for the Slack bot, or the repository for github and gitlab).", Required = true };
        var token = new Option<string?>("--token") { Description = "The HMAC key (generic-hmac), the bot token (slack) or the API token (github, gitlab). Never printed." };
        var obj = new Option<string>("--object") { Description = "The involved object, KIND/NAMESPACE/NAME.", Required = true };
        var reason = new Option<string>("--reason") { Description = "The event reason, for example ReconciliationSucceeded.", Required = true };
        var message = new Option<string>("--message") { Description = "The event message.", Required = true };
        var severity = new Option<string>("--severity") { Description = "info (default) or error.", DefaultValueFactory = _ => EventSeverity.Info };
        var metadata = new Option<string[]>("--metadata") { Description = "Event metadata K=V (repeatable)." };
        var header = new Option<string[]>("--header") { Description = "Extra request header K=V for generic providers (repeatable)." };
        var channel = new Option<string?>("--channel") { Description = "The Slack channel." };
        var uid = new Option<string?>("--provider-uid") { Description = "The Provider object's UID (github, gitlab): its first segment names the commit status." };
        var controller = new Option<string>("--controller") { Description = "The reporting controller (default gitops).", DefaultValueFactory = _ => "gitops" };
        var command = new Command("notify", "Send a Flux event to a notification provider exactly as notification-controller sends it (retries included).")
        {
            provider, address, token, obj, reason, message, severity, metadata, header, channel, uid, controller,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, async output =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            var type = parseResult.GetValue(provider)!;
            var level = parseResult.GetValue(severity)!;
            if (level is not (EventSeverity.Info or EventSeverity.Error))
            {
                await error.WriteLineAsync($"error: invalid --severity '{level}': expected info or error").ConfigureAwait(false);
                return ExitCodes.Failure;
            }

            if (!TryPairs(parseResult.GetValue(metadata), out var meta) || !TryPairs(parseResult.GetValue(header), out var headers))
            {
                await error.WriteLineAsync("error: --metadata and --header take K=V").ConfigureAwait(false);
                return ExitCodes.Failure;
            }

            var target = parseResult.GetValue(address)!;
            if (type is not ("github" or "gitlab") && !Uri.TryCreate(target, UriKind.Absolute, out _))
            {
                await error.WriteLineAsync("error: --address must be an absolute URL").ConfigureAwait(false);
                return ExitCodes.Failure;
            }

            EventObjectReference involved;
            try
            {
                involved = EventObjectReference.Parse(parseResult.GetValue(obj)!);
            }
            catch (FormatException ex)
            {
                await error.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
                return ExitCodes.Failure;
            }

            var notification = new FluxEvent
            {
                InvolvedObject = involved,
                Severity = level,
                Timestamp = DateTimeOffset.UtcNow,
                Message = parseResult.GetValue(message)!,
                Reason = parseResult.GetValue(reason)!,
                Metadata = meta.Count == 0 ? null : meta,
                ReportingController = parseResult.GetValue(controller)!,
            };
            using var sender = Create(type, target, parseResult.GetValue(token), parseResult.GetValue(channel), parseResult.GetValue(uid), headers, out var problem);
            if (sender is null)
            {
                await error.WriteLineAsync("error: " + problem).ConfigureAwait(false);
                return ExitCodes.Failure;
            }

            await sender.SendAsync(notification, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"delivered {notification.Reason} for {involved.Kind}/{involved.Namespace}/{involved.Name} to {sender}").ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static NotificationProviderBase? Create(string type, string target, string? token, string? channel, string? uid, Dictionary<string, string> headers, out string problem)
    {
        problem = string.Empty;
        try
        {
            if (type is "github" or "gitlab")
            {
                if (string.IsNullOrEmpty(token) || string.IsNullOrWhiteSpace(uid))
                {
                    problem = $"{type} needs --token (the API token) and --provider-uid";
                    return null;
                }

                var status = new CommitStatusOptions { Address = target, Token = token ?? string.Empty, ProviderUid = uid ?? string.Empty };
                return type == "github" ? new GitHubCommitStatusProvider(status) : new GitLabCommitStatusProvider(status);
            }

            var address = new Uri(target, UriKind.Absolute);
            switch (type)
            {
                case "generic" or "generic-hmac":
                    if (type == "generic-hmac" && string.IsNullOrEmpty(token))
                    {
                        problem = "generic-hmac needs --token (the HMAC key)";
                        return null;
                    }

                    var options = new GenericWebhookOptions { Address = address, HmacKey = type == "generic-hmac" ? Encoding.UTF8.GetBytes(token!) : null };
                    foreach (var (k, v) in headers)
                    {
                        options.Headers[k] = v;
                    }

                    return new GenericWebhookProvider(options);
                case "slack":
                    return new SlackProvider(new SlackOptions { Address = address, Token = token, Channel = channel ?? string.Empty });
                case "msteams":
                    return new MSTeamsProvider(new MSTeamsOptions { Address = address });
                case "discord":
                    return new DiscordProvider(new DiscordOptions { Address = address });
                default:
                    problem = $"unsupported --provider '{type}': expected generic, generic-hmac, slack, msteams, discord, github or gitlab";
                    return null;
            }
        }
        catch (ArgumentException ex)
        {
            problem = ex.Message;
            return null;
        }
    }

    private static bool TryPairs(string[]? values, out Dictionary<string, string> pairs)
    {
        pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values ?? [])
        {
            var eq = value.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                return false;
            }

            pairs[value[..eq]] = value[(eq + 1)..];
        }

        return true;
    }
}
