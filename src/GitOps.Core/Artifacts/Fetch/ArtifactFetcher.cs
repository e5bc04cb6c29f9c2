using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Runtime.ExceptionServices;
using GitOps.Artifacts.Extraction;
using GitOps.Artifacts.Extraction.Internal;
using GitOps.Artifacts.Fetch.Internal;
using GitOps.Artifacts.Internal;
using GitOps.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;

namespace GitOps.Artifacts.Fetch;

/// <summary>
/// Downloads a tar.gz artifact, verifies its digest and extracts it, in one pass: the HTTP body is read
/// once, through the hash, the download limit, gunzip and the tar reader, into a staging directory beside
/// the destination. Only when the digest matches and extraction succeeded is the staging directory swapped
/// into place; on any failure the destination is untouched and the staging directory removed.
/// </summary>
/// <remarks>
/// The digest covers every byte served, including anything after the end of the tar archive or the gzip
/// stream: both are read to the end before the digest is checked. The gzip framing is checked as Go's
/// <c>compress/gzip</c> checks it when read to the end: each member's CRC-32 and size against its trailer,
/// members one after another, and nothing after the last one (a cut trailer, a mismatch or trailing
/// garbage make the archive malformed). When the bytes do not match the digest,
/// <see cref="DigestMismatchException"/> is reported even if the archive was also unsafe or malformed,
/// since the archive is not the one asked for. Transient failures are retried with exponential backoff
/// (Polly): connection failures and drops, 408, 429 and 5xx other than 501, honouring <c>Retry-After</c>.
/// Where the publisher lists no digest, <see cref="FetchUnverifiedAsync"/> makes the same single pass (same
/// limits, retries and all-or-nothing swap) and returns the SHA-256 it computed instead of checking one.
/// </remarks>
public sealed class ArtifactFetcher
{
    private static readonly Lazy<HttpClient> SharedClient = new(CreateDefaultClient);
    private static readonly Counter<long> BytesCounter = GitOpsDiagnostics.Meter.CreateCounter<long>(
        "gitops.artifact.fetch.bytes", "By", "Bytes of artifacts downloaded, as served (compressed).");
    private static readonly Counter<long> FetchCounter = GitOpsDiagnostics.Meter.CreateCounter<long>(
        "gitops.artifact.fetches", "{fetch}", "Artifact fetches, by outcome.");

    private readonly Func<HttpClient> _httpClient;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Creates a fetcher on a shared <see cref="HttpClient"/> that never decompresses responses itself.</summary>
    public ArtifactFetcher()
        : this(SharedHttpClient)
    {
    }

    /// <summary>The client parameterless fetchers (and dependency injection) share.</summary>
    internal static HttpClient SharedHttpClient => SharedClient.Value;

    /// <summary>Creates a fetcher on the given client.</summary>
    /// <param name="httpClient">
    /// The client to download with. It must not decompress responses (<c>AutomaticDecompression</c> off, the
    /// default): the digest is over the bytes as served.
    /// </param>
    /// <param name="timeProvider">The clock for retry delays (default: the system clock).</param>
    /// <param name="logger">Where to log attempts and retries (default: nowhere).</param>
    public ArtifactFetcher(HttpClient httpClient, TimeProvider? timeProvider = null, ILogger<ArtifactFetcher>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        _httpClient = () => httpClient;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>
    /// Creates a fetcher that asks <paramref name="httpClients"/> for a client per request: dependency
    /// injection passes <c>IHttpClientFactory.CreateClient</c> of a named client, so handlers are pooled and
    /// rotated by the factory.
    /// </summary>
    internal ArtifactFetcher(Func<HttpClient> httpClients, TimeProvider? timeProvider, ILogger<ArtifactFetcher>? logger)
    {
        ArgumentNullException.ThrowIfNull(httpClients);
        _httpClient = httpClients;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>
    /// Fetches the tar.gz at <paramref name="url"/>, checks that its bytes hash to
    /// <paramref name="expectedDigest"/>, and puts its contents at <paramref name="destinationDirectory"/>
    /// (replacing a directory already there, atomically on Linux).
    /// </summary>
    /// <remarks>
    /// The expected digest is required here: an empty or SHA-1 digest is refused, never skipped. To fetch an
    /// artifact whose publisher lists no digest, call <see cref="FetchUnverifiedAsync"/> instead.
    /// </remarks>
    /// <exception cref="ArtifactNotFoundException">The server answered 404 or 410.</exception>
    /// <exception cref="ArtifactTooLargeException">A download or extraction limit was crossed.</exception>
    /// <exception cref="DigestMismatchException">The bytes served do not match the digest.</exception>
    /// <exception cref="UnsafeArchiveException">The archive is unsafe or malformed.</exception>
    /// <exception cref="ArtifactTransportException">The transfer failed (after retries, if transient).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<FetchResult> FetchAsync(Uri url, Digest expectedDigest, string destinationDirectory, ArtifactFetchOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (expectedDigest.IsEmpty || expectedDigest.Algorithm == DigestAlgorithm.Sha1)
        {
            throw new ArgumentException("the expected digest must be sha256, sha384 or sha512", nameof(expectedDigest));
        }

        return await FetchCoreAsync(url, expectedDigest, destinationDirectory, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Fetches the tar.gz at <paramref name="url"/> when no digest is known for it (a Helm index entry without
    /// <c>digest</c>, say), and puts its contents at <paramref name="destinationDirectory"/> as
    /// <see cref="FetchAsync"/> does. Nothing is verified: the result's <see cref="FetchResult.Digest"/> is the
    /// SHA-256 of the bytes served, computed in the same single pass, for the caller to record (as Flux's
    /// source-controller records an artifact's digest), and <see cref="FetchResult.Verified"/> is false.
    /// </summary>
    /// <remarks>
    /// Everything but the digest check is as in <see cref="FetchAsync"/>: the download and extraction limits,
    /// retries of transient failures, and the all-or-nothing swap into place (on any failure the destination
    /// is untouched). A body cut short is refused: before the announced Content-Length as a transport failure
    /// (retried), and a body that ends cleanly anywhere before the end of the gzip stream, its 8-byte trailer
    /// included, as a malformed archive (not retried), since the gzip framing is checked whether or not a
    /// digest is known: each member's CRC-32 and size against its trailer, and nothing but another member
    /// after it. (The tar readers of Helm and Flux stop at the tar's end and notice neither a cut trailer nor
    /// trailing garbage.) The CRC-32 catches accidents, not forgeries: prefer <see cref="FetchAsync"/>
    /// whenever a digest is available.
    /// </remarks>
    /// <exception cref="ArtifactNotFoundException">The server answered 404 or 410.</exception>
    /// <exception cref="ArtifactTooLargeException">A download or extraction limit was crossed.</exception>
    /// <exception cref="UnsafeArchiveException">The archive is unsafe or malformed.</exception>
    /// <exception cref="ArtifactTransportException">The transfer failed (after retries, if transient).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<FetchResult> FetchUnverifiedAsync(Uri url, string destinationDirectory, ArtifactFetchOptions? options = null, CancellationToken cancellationToken = default) =>
        FetchCoreAsync(url, expectedDigest: null, destinationDirectory, options, cancellationToken);

    private async Task<FetchResult> FetchCoreAsync(Uri url, Digest? expectedDigest, string destinationDirectory, ArtifactFetchOptions? options, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(destinationDirectory);
        var destination = Path.GetFullPath(destinationDirectory);
        var request = CreateRequest(url, expectedDigest, destination, options);
        DirectorySwap.CheckReplaceable(destination, request.Options.Overwrite);

        using var activity = GitOpsDiagnostics.ActivitySource.StartActivity(GitOpsActivities.ArtifactFetch);
        activity?.SetTag("url.full", request.SafeUrl.ToString());
        if (expectedDigest is { } expected)
        {
            activity?.SetTag("gitops.artifact.digest", expected.ToString());
            Log.FetchStarting(_logger, request.SafeUrl, expected, destination);
        }
        else
        {
            Log.FetchStartingUnverified(_logger, request.SafeUrl, destination);
        }

        try
        {
            var result = await RunAsync(
                request,
                static (state, token) => state.Fetcher.AttemptAsync(state.Request, token),
                (Fetcher: this, Request: request),
                cancellationToken).ConfigureAwait(false);
            FetchCounter.Add(1, new KeyValuePair<string, object?>("outcome", "success"));
            activity?.SetTag("gitops.artifact.size", result.Size);
            activity?.SetTag("gitops.artifact.verified", result.Verified);
            if (!result.Verified)
            {
                activity?.SetTag("gitops.artifact.digest", result.Digest.ToString());
            }

            Log.FetchSucceeded(_logger, request.SafeUrl, result.Digest, result.Size, result.Files, result.Attempts);
            return result;
        }
        catch (GitOpsException ex)
        {
            FetchCounter.Add(1, new KeyValuePair<string, object?>("outcome", ex.GetType().Name));
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            Log.FetchFailed(_logger, request.SafeUrl, ex.Message);
            throw;
        }
    }

    /// <summary>
    /// Downloads <paramref name="url"/> and hands its body to <paramref name="read"/>, with everything a fetch
    /// has but the archive: the total <see cref="ArtifactFetchOptions.Timeout"/>, the
    /// <see cref="ArtifactFetchOptions.InactivityTimeout"/> and <see cref="ArtifactFetchOptions.MinimumBytesPerSecond"/>
    /// on the body, the <see cref="ArtifactFetchOptions.MaxDownloadBytes"/> cap, redirects only between http and
    /// https (at most <see cref="ArtifactFetchOptions.MaxRedirects"/>), and retries of transient failures, the
    /// reading included (<paramref name="read"/> runs again on a fresh body). A body sent with
    /// <c>Content-Encoding: gzip</c> (asked for with <c>Accept-Encoding</c>) is decompressed for
    /// <paramref name="read"/>; the cap counts the bytes as served. Used for Helm repository indexes.
    /// </summary>
    /// <typeparam name="T">What <paramref name="read"/> makes of the body.</typeparam>
    /// <param name="url">An absolute http or https URL.</param>
    /// <param name="read">Reads the body (it is disposed afterwards); its own failures are not retried unless they are transient <see cref="GitOpsException"/>s.</param>
    /// <param name="options">Limits, timeouts and retries (<see cref="ArtifactFetchOptions.Extraction"/> is not used).</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <exception cref="ArtifactNotFoundException">The server answered 404 or 410.</exception>
    /// <exception cref="ArtifactTooLargeException">The body is larger than <see cref="ArtifactFetchOptions.MaxDownloadBytes"/>.</exception>
    /// <exception cref="ArtifactRedirectException">A redirect to another scheme, without a location, or too many.</exception>
    /// <exception cref="ArtifactTransportException">The transfer failed or timed out (after retries, if transient).</exception>
    public async Task<T> DownloadAsync<T>(Uri url, Func<Stream, CancellationToken, Task<T>> read, ArtifactFetchOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(read);
        var request = CreateRequest(url, expectedDigest: null, destination: null, options);
        using var activity = GitOpsDiagnostics.ActivitySource.StartActivity("gitops.http.download");
        activity?.SetTag("url.full", request.SafeUrl.ToString());
        try
        {
            return await RunAsync(
                request,
                static (state, token) => state.Fetcher.DownloadAttemptAsync(state.Request, state.Read, token),
                (Fetcher: this, Request: request, Read: read),
                cancellationToken).ConfigureAwait(false);
        }
        catch (GitOpsException ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            Log.FetchFailed(_logger, request.SafeUrl, ex.Message);
            throw;
        }
    }

    private static FetchRequest CreateRequest(Uri url, Digest? expectedDigest, string? destination, ArtifactFetchOptions? options)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"an artifact URL is absolute http or https, not '{UrlRedactor.Redact(url)}'", nameof(url));
        }

        options ??= new ArtifactFetchOptions();
        options.Validate();
        return new FetchRequest(url, UrlRedactor.Redact(url), expectedDigest, destination, options);
    }

    /// <summary>Runs attempts through the retry pipeline within the total timeout, which ends in a transient transport failure.</summary>
    private async Task<TResult> RunAsync<TResult, TState>(FetchRequest request, Func<TState, CancellationToken, ValueTask<TResult>> attempt, TState state, CancellationToken cancellationToken)
    {
        var options = request.Options;
        using var deadline = options.Timeout == Timeout.InfiniteTimeSpan ? new CancellationTokenSource() : new CancellationTokenSource(options.Timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            return await BuildPipeline(request).ExecuteAsync(attempt, state, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ArtifactTransportException($"fetching {request.SafeUrl} took longer than {options.Timeout.TotalSeconds:0.###} s (Timeout)", isTransient: true, innerException: ex);
        }
    }

    private ResiliencePipeline BuildPipeline(FetchRequest request)
    {
        var options = request.Options;
        var builder = new ResiliencePipelineBuilder { TimeProvider = _timeProvider };
        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<GitOpsException>(static ex => ex.IsTransient),
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                Delay = options.RetryDelay,
                MaxDelay = options.MaxRetryDelay,
                UseJitter = options.UseJitter,
                DelayGenerator = args => new ValueTask<TimeSpan?>(
                    args.Outcome.Exception is ArtifactTransportException { RetryAfter: { } after }
                        ? TimeSpan.FromTicks(Math.Clamp(after.Ticks, 0, options.MaxRetryDelay.Ticks))
                        : null),
                OnRetry = args =>
                {
                    Log.Retrying(_logger, args.AttemptNumber + 1, request.SafeUrl, args.RetryDelay, args.Outcome.Exception?.Message ?? "unknown");
                    Activity.Current?.AddEvent(new ActivityEvent("retry"));
                    return default;
                },
            });
        }

        return builder.Build();
    }

    private async ValueTask<FetchResult> AttemptAsync(FetchRequest request, CancellationToken cancellationToken)
    {
        var attempt = ++request.Attempts;
        string? staging = null;
        try
        {
            using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
            var contentLength = response.Content.Headers.ContentLength;
            if (contentLength > request.Options.MaxDownloadBytes)
            {
                throw new ArtifactTooLargeException(ArtifactLimit.DownloadBytes, request.Options.MaxDownloadBytes);
            }

            staging = DirectorySwap.CreateStaging(request.Destination!);
            var body = await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                var algorithm = request.ExpectedDigest?.Algorithm ?? DigestAlgorithm.Sha256;
                using var verifying = new VerifyingReadStream(
                    body, algorithm, request.Options.MaxDownloadBytes, contentLength, request.Options.Progress, attempt,
                    request.Options.InactivityTimeout, request.Options.MinimumBytesPerSecond, _timeProvider);
                ExtractionResult? extracted = null;
                ExceptionDispatchInfo? refused = null;
                try
                {
                    var gzip = new GzipReadStream(verifying);
                    await using (gzip.ConfigureAwait(false))
                    {
                        extracted = await TarExtractor.ExtractAsync(gzip, staging, request.Options.Extraction, cancellationToken).ConfigureAwait(false);
                    }
                }
                catch (Exception ex) when (ex is UnsafeArchiveException or ArtifactTooLargeException { Limit: not ArtifactLimit.DownloadBytes })
                {
                    // Finish hashing first: if these are not the expected bytes, that is the failure to report.
                    refused = ExceptionDispatchInfo.Capture(ex);
                }

                if (refused is not null && request.ExpectedDigest is null)
                {
                    // No digest to report a mismatch against: the refusal stands, without reading on.
                    BytesCounter.Add(verifying.BytesRead);
                    refused.Throw();
                }

                await verifying.DrainAsync(cancellationToken).ConfigureAwait(false);
                BytesCounter.Add(verifying.BytesRead);
                var actual = verifying.GetDigest();
                if (request.ExpectedDigest is { } wanted && !actual.Equals(wanted))
                {
                    throw new DigestMismatchException(wanted, actual);
                }

                refused?.Throw();
                if (request.Options.Validation is { } validate)
                {
                    await validate(staging, cancellationToken).ConfigureAwait(false);
                }

                DirectorySwap.CheckReplaceable(request.Destination!, request.Options.Overwrite);
                DirectorySwap.Replace(staging, request.Destination!);
                await File.WriteAllTextAsync(DirectorySwap.MarkerPath(request.Destination!), actual + "\n", cancellationToken).ConfigureAwait(false);
                staging = null;
                return new FetchResult(
                    request.SafeUrl,
                    request.Destination!,
                    actual,
                    verifying.BytesRead,
                    extracted!.Files,
                    extracted.Directories,
                    extracted.Bytes,
                    extracted.SkippedLinks,
                    attempt)
                {
                    Verified = request.ExpectedDigest is not null,
                };
            }
        }
        finally
        {
            DirectorySwap.TryDelete(staging);
        }
    }

    private async ValueTask<T> DownloadAttemptAsync<T>(FetchRequest request, Func<Stream, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        var attempt = ++request.Attempts;
        using var response = await SendAsync(request, cancellationToken, acceptGzip: true).ConfigureAwait(false);
        if (response.Content.Headers.ContentLength > request.Options.MaxDownloadBytes)
        {
            throw new ArtifactTooLargeException(ArtifactLimit.DownloadBytes, request.Options.MaxDownloadBytes);
        }

        var body = await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            var options = request.Options;
            var verifying = new VerifyingReadStream(
                body, DigestAlgorithm.Sha256, options.MaxDownloadBytes, response.Content.Headers.ContentLength, options.Progress, attempt,
                options.InactivityTimeout, options.MinimumBytesPerSecond, _timeProvider);
            await using (verifying.ConfigureAwait(false))
            {
                if (!response.Content.Headers.ContentEncoding.Contains("gzip", StringComparer.OrdinalIgnoreCase))
                {
                    return await read(verifying, cancellationToken).ConfigureAwait(false);
                }

                var gzip = new System.IO.Compression.GZipStream(verifying, System.IO.Compression.CompressionMode.Decompress);
                await using (gzip.ConfigureAwait(false))
                {
                    try
                    {
                        return await read(gzip, cancellationToken).ConfigureAwait(false);
                    }
                    catch (InvalidDataException ex)
                    {
                        throw new ArtifactTransportException($"{request.SafeUrl} sent a body marked Content-Encoding: gzip that is not gzip: {ex.Message}", isTransient: false, innerException: ex);
                    }
                }
            }
        }
    }

    /// <summary>
    /// Sends the GET and follows redirects itself, so that the same rules hold whatever client was given: only to
    /// http or https, at most <see cref="ArtifactFetchOptions.MaxRedirects"/> hops, each within the inactivity timeout.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(FetchRequest request, CancellationToken cancellationToken, bool acceptGzip = false)
    {
        var url = request.Url;
        for (var hops = 0; ; hops++)
        {
            var response = await SendOnceAsync(request, url, acceptGzip, cancellationToken).ConfigureAwait(false);
            if ((int)response.StatusCode is not (301 or 302 or 303 or 307 or 308))
            {
                return CheckStatus(request, url, response);
            }

            using (response)
            {
                var location = response.Headers.Location;
                var safe = UrlRedactor.Redact(url);
                if (location is null)
                {
                    throw new ArtifactRedirectException($"{safe} answered HTTP {(int)response.StatusCode} without a Location", safe, null);
                }

                var next = location.IsAbsoluteUri ? location : new Uri(url, location);
                if (next.Scheme != Uri.UriSchemeHttp && next.Scheme != Uri.UriSchemeHttps)
                {
                    var refused = UrlRedactor.Redact(next);
                    throw new ArtifactRedirectException($"{safe} redirected to {refused}: only http and https redirects are followed", safe, refused);
                }

                if (hops >= request.Options.MaxRedirects)
                {
                    throw new ArtifactRedirectException($"{request.SafeUrl}: stopped after {request.Options.MaxRedirects} redirects (MaxRedirects)", safe, UrlRedactor.Redact(next));
                }

                var safeNext = UrlRedactor.Redact(next);
                Log.Redirected(_logger, safe, safeNext);
                url = next;
            }
        }
    }

    private async Task<HttpResponseMessage> SendOnceAsync(FetchRequest request, Uri url, bool acceptGzip, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, url);
        if (acceptGzip)
        {
            message.Headers.AcceptEncoding.Add(new System.Net.Http.Headers.StringWithQualityHeaderValue("gzip"));
        }

        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        idle.CancelAfter(request.Options.InactivityTimeout);
        try
        {
            return await _httpClient().SendAsync(message, HttpCompletionOption.ResponseHeadersRead, idle.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (idle.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ArtifactTransportException($"no response from {request.SafeUrl} within {request.Options.InactivityTimeout.TotalSeconds:0.###} s (InactivityTimeout)", isTransient: true, innerException: ex);
        }
        catch (HttpRequestException ex)
        {
            throw new ArtifactTransportException($"cannot reach {request.SafeUrl}: {ex.Message}", isTransient: true, innerException: ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ArtifactTransportException($"timed out waiting for {request.SafeUrl}", isTransient: true, innerException: ex);
        }
    }

    private HttpResponseMessage CheckStatus(FetchRequest request, Uri url, HttpResponseMessage response)
    {
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw StatusFailure(url == request.Url ? request.SafeUrl : UrlRedactor.Redact(url), response);
        }
    }

    private static async Task<Stream> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            throw new ArtifactTransportException($"cannot read the response body: {ex.Message}", isTransient: true, innerException: ex);
        }
    }

    private GitOpsException StatusFailure(Uri safeUrl, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
        {
            return new ArtifactNotFoundException(safeUrl, status);
        }

        var transient = response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests
            || (status >= 500 && response.StatusCode != HttpStatusCode.NotImplemented);
        var retryAfter = response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - _timeProvider.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
            _ => (TimeSpan?)null,
        };
        return new ArtifactTransportException(
            $"{safeUrl} answered HTTP {status} {response.ReasonPhrase}",
            transient,
            response.StatusCode,
            retryAfter);
    }

    /// <summary>The handler the shared client (and the DI registration) uses: no decompression, redirects left to the fetcher.</summary>
    internal static SocketsHttpHandler CreateHandler() => new()
    {
        AutomaticDecompression = DecompressionMethods.None,
        AllowAutoRedirect = false,
        ConnectTimeout = TimeSpan.FromSeconds(30),
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    };

    // The fetch's own Timeout bounds each call; the client's would cut a long fetch the caller allowed.
    private static HttpClient CreateDefaultClient() => new(CreateHandler()) { Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>One fetch's inputs and attempt count, passed through the resilience pipeline without a closure.</summary>
    private sealed class FetchRequest(Uri url, Uri safeUrl, Digest? expectedDigest, string? destination, ArtifactFetchOptions options)
    {
        public Uri Url { get; } = url;

        public Uri SafeUrl { get; } = safeUrl;

        /// <summary>The digest to verify, or null for an unverified fetch (SHA-256 computed only).</summary>
        public Digest? ExpectedDigest { get; } = expectedDigest;

        /// <summary>Where the archive goes, or null for a plain download.</summary>
        public string? Destination { get; } = destination;

        public ArtifactFetchOptions Options { get; } = options;

        public int Attempts { get; set; }
    }
}
