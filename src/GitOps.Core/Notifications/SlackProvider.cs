using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GitOps.Notifications.Internal;
using Microsoft.Extensions.Logging;

namespace GitOps.Notifications;

/// <summary>
/// Flux's <c>slack</c> provider: one attachment per event (<c>good</c> or <c>danger</c>, author
/// <c>kind/name.namespace</c>, the message, metadata as fields), to an incoming webhook or, with a token,
/// to the Slack App bot's <c>chat.postMessage</c>, whose <c>{"ok":false}</c> answers are failures.
/// </summary>
public sealed class SlackProvider : NotificationProviderBase
{
    private readonly string? _token;
    private readonly string _channel;
    private readonly string _username;
    private readonly bool _validateChatPostMessage;

    /// <summary>Creates the provider.</summary>
    /// <param name="options">Address, token, channel, user name and transport.</param>
    /// <param name="httpClient">A client to use instead of one made from the transport options (not disposed).</param>
    /// <param name="timeProvider">The clock for retry waits and the timeout.</param>
    /// <param name="logger">Where retries and failures are logged (never the token).</param>
    public SlackProvider(SlackOptions options, HttpClient? httpClient = null, TimeProvider? timeProvider = null, ILogger<SlackProvider>? logger = null)
        : base(Validated(options).Address!, options.Transport, httpClient, timeProvider, logger)
    {
        _token = string.IsNullOrEmpty(options.Token) ? null : options.Token;
        _channel = options.Channel;
        _username = options.Username;
        _validateChatPostMessage = options.ValidateChatPostMessageResponse
            ?? string.Equals(options.Address!.OriginalString, SlackOptions.ChatPostMessageAddress.OriginalString, StringComparison.Ordinal);
    }

    /// <inheritdoc />
    public override string Type => "slack";

    /// <summary>The JSON body Flux's Slack notifier sends for <paramref name="notification"/> (fields sorted by key; Go sends them in map order).</summary>
    public string BuildPayload(FluxEvent notification) => SlackPayload.Build(notification, _channel, _username);

    /// <inheritdoc />
    public override Task SendAsync(FluxEvent notification, CancellationToken cancellationToken = default)
    {
        var body = Encoding.UTF8.GetBytes(BuildPayload(notification));
        return Poster.PostAsync(
            Address,
            body,
            "application/json",
            headers =>
            {
                if (_token is not null)
                {
                    headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
                }
            },
            _validateChatPostMessage ? ValidateChatPostMessage : null,
            cancellationToken);
    }

    // chat.postMessage always answers 200; its JSON says whether the message was posted.
    private static string? ValidateChatPostMessage(HttpStatusCode _, ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            bool? ok = null;
            string? error = null;
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return "unable to unmarshal response body: not a JSON object";
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                if (name == "ok" && reader.TokenType is JsonTokenType.True or JsonTokenType.False)
                {
                    ok = reader.GetBoolean();
                }
                else if (name == "error" && reader.TokenType == JsonTokenType.String)
                {
                    error = reader.GetString();
                }
                else
                {
                    reader.Skip();
                }
            }

            return ok == true ? null : $"Slack responded with error: {error}";
        }
        catch (JsonException ex)
        {
            return "unable to unmarshal response body: " + ex.Message;
        }
    }

    private static SlackOptions Validated(SlackOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options;
    }
}
