using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace GitOps.Notifications.Internal;

/// <summary>
/// Posts one payload as notification-controller's client does (go-retryablehttp v0.7.8 with Flux's settings):
/// connection failures, 429 and 5xx other than 501 are retried up to <c>RetryMax</c> times, waiting
/// <c>min·2^n</c> capped at <c>max</c> (or <c>Retry-After</c> on 429/503); other answers are final and judged
/// by the validator. The body bytes are the same on every attempt.
/// </summary>
internal sealed class NotificationPoster
{
    private readonly HttpClient _client;
    private readonly NotificationTransportOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public NotificationPoster(HttpClient client, NotificationTransportOptions options, TimeProvider time, ILogger logger)
    {
        _client = client;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>A validator: null when the answer means success, else the reason (Flux's wording).</summary>
    public delegate string? ResponseValidator(HttpStatusCode status, ReadOnlySpan<byte> body);

    /// <summary>Flux's default: any 2xx is success; otherwise <c>request failed with status code N: BODY</c>.</summary>
    public static string? DefaultValidator(HttpStatusCode status, ReadOnlySpan<byte> body) =>
        (int)status is >= 200 and < 300
            ? null
            : $"request failed with status code {(int)status}: {System.Text.Encoding.UTF8.GetString(body)}";

    public async Task PostAsync(
        Uri address,
        byte[] body,
        string contentType,
        Action<HttpRequestHeaders>? setHeaders,
        ResponseValidator? validator,
        CancellationToken cancellationToken)
    {
        var masked = NotificationAddress.Mask(address);
        using var deadline = new CancellationTokenSource(_options.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        var token = linked.Token;
        HttpStatusCode? lastStatus = null;
        string? lastReason = null;
        var attempt = 0;
        while (true)
        {
            attempt++;
            TimeSpan? retryAfter = null;
            bool retry;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, address) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
                setHeaders?.Invoke(request.Headers);
                using var attemptCts = CancellationTokenSource.CreateLinkedTokenSource(token);
                if (_options.AttemptTimeout is { } perAttempt)
                {
                    attemptCts.CancelAfter(perAttempt);
                }

                HttpResponseMessage response;
                try
                {
                    response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attemptCts.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!token.IsCancellationRequested && attemptCts.IsCancellationRequested)
                {
                    throw new TimeoutException($"no answer within {_options.AttemptTimeout}");
                }

                using (response)
                {
                    var status = response.StatusCode;
                    lastStatus = status;
                    var code = (int)status;
                    retry = code == 429 || code == 0 || (code >= 500 && code != 501);
                    if (!retry)
                    {
                        var answer = await ReadCappedAsync(response, token).ConfigureAwait(false);
                        var reason = (validator ?? DefaultValidator)(status, answer);
                        if (reason is null)
                        {
                            Log.Delivered(_logger, masked, attempt);
                            return;
                        }

                        Log.Failed(_logger, masked, reason);
                        throw new NotificationException($"postMessage failed: request failed: {reason}", isTransient: false, status, attempt);
                    }

                    lastReason = code == 429 ? null : $"unexpected HTTP status {code} {ReasonPhrase(response)}";
                    if (code is 429 or 503)
                    {
                        retryAfter = ParseRetryAfter(response.Headers.RetryAfter);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (OperationCanceledException ex) when (deadline.IsCancellationRequested)
            {
                throw GiveUp(masked, attempt, "context deadline exceeded", lastStatus, ex);
            }
            catch (NotificationException)
            {
                throw;
            }
            catch (Exception ex) when (ex is HttpRequestException or TimeoutException or IOException)
            {
                if (!IsRetryable(ex))
                {
                    throw GiveUp(masked, attempt, ex.Message, null, ex, transient: false);
                }

                lastStatus = null;
                lastReason = ex.Message;
            }

            if (attempt > _options.RetryMax)
            {
                var reason = lastReason is null ? string.Empty : ": " + lastReason;
                Log.Failed(_logger, masked, $"giving up after {attempt} attempt(s){reason}");
                throw new NotificationException(
                    $"postMessage failed: failed to execute request: POST {masked} giving up after {attempt} attempt(s){reason}",
                    isTransient: true,
                    lastStatus,
                    attempt);
            }

            var wait = Backoff(attempt - 1, retryAfter);
            Log.Retrying(_logger, masked, attempt, wait, lastReason ?? "429 Too Many Requests");
            try
            {
                await Task.Delay(wait, _time, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new NotificationException("postMessage failed: failed to execute request: context deadline exceeded", isTransient: true, lastStatus, attempt);
            }
        }
    }

    /// <summary>go-retryablehttp's DefaultBackoff: <c>Retry-After</c> on 429/503, else <c>min·2^n</c> capped at max.</summary>
    internal TimeSpan Backoff(int retryNumber, TimeSpan? retryAfter)
    {
        if (retryAfter is { } told)
        {
            return told > _options.MaxRetryAfter ? _options.MaxRetryAfter : told;
        }

        var ticks = Math.Pow(2, retryNumber) * _options.RetryWaitMin.Ticks;
        return ticks >= _options.RetryWaitMax.Ticks ? _options.RetryWaitMax : TimeSpan.FromTicks((long)ticks);
    }

    private TimeSpan? ParseRetryAfter(RetryConditionHeaderValue? header)
    {
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - _time.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    private static NotificationException GiveUp(string masked, int attempt, string reason, HttpStatusCode? status, Exception inner, bool transient = true) =>
        new($"postMessage failed: failed to execute request: POST {masked} giving up after {attempt} attempt(s): {reason}", transient, status, attempt, inner);

    // Like go-retryablehttp: certificate failures and unsupported schemes are final; other transport failures are retried.
    private static bool IsRetryable(Exception ex) =>
        ex is not HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError }
        && ex.InnerException is not AuthenticationException
        && ex.InnerException is not NotSupportedException;

    private static string ReasonPhrase(HttpResponseMessage response) =>
        response.ReasonPhrase is { Length: > 0 } phrase ? phrase : string.Empty;

    private async Task<byte[]> ReadCappedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[Math.Min(_options.MaxResponseBytes, 8192)];
            using var collected = new MemoryStream();
            int read;
            while (collected.Length < _options.MaxResponseBytes
                && (read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, _options.MaxResponseBytes - collected.Length)), cancellationToken).ConfigureAwait(false)) > 0)
            {
                collected.Write(buffer, 0, read);
            }

            return collected.ToArray();
        }
    }

    /// <summary>An HTTP client for <paramref name="options"/>: its proxy (and no other), its CAs alone trusted, no redirects beyond Go's 10.</summary>
    public static HttpClient CreateClient(NotificationTransportOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = options.Proxy is not null,
            Proxy = options.Proxy is null ? null : new WebProxy(options.Proxy),
            MaxAutomaticRedirections = 10,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        if (options.CertificateAuthorities is { Count: > 0 } authorities)
        {
            var trusted = new X509Certificate2Collection(authorities);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0 || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
                {
                    return false;
                }

                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.AddRange(trusted);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(new X509Certificate2(certificate));
            };
        }

        return new HttpClient(handler, disposeHandler: true) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
    }
}

/// <summary>Receiver addresses in messages and logs: webhook URLs often carry their secret in the path or query, so only the scheme, host and port are shown.</summary>
internal static class NotificationAddress
{
    public static string Mask(Uri address)
    {
        if (!address.IsAbsoluteUri)
        {
            return "***";
        }

        var root = address.GetLeftPart(UriPartial.Scheme) + address.Host + (address.IsDefaultPort ? string.Empty : ":" + address.Port.ToString(CultureInfo.InvariantCulture));
        return address.AbsolutePath == "/" && address.Query.Length == 0 ? root + "/" : root + "/***";
    }
}
