using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using GitOps.Artifacts;
using GitOps.Oci.Registry.Internal;
using GitOps.Versioning;

namespace GitOps.Oci.Registry;

/// <summary>
/// A client of the OCI distribution API (<c>/v2/</c>): list tags (every page, sorted here since registries
/// do not sort), resolve a tag, a version constraint or a digest to a verified manifest, download blobs
/// verified against their digest under a size cap, and push blobs and manifests. Basic and bearer-token
/// authentication are answered per request; TLS trusts the client's own CAs when it has some.
/// </summary>
/// <remarks>
/// Written on <see cref="HttpClient"/> and <see cref="JsonDocument"/> rather than on OrasProject.Oras 0.8.0:
/// that library deserializes with reflection-based System.Text.Json and makes a Native AOT publish report
/// IL2104/IL3053 (its JSON would fail at run time there), and the CLI is published as Native AOT.
/// </remarks>
public sealed class OciRegistryClient : IDisposable
{
    private const int TagPageSize = 1000;

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;

    /// <summary>Creates a client with its own connection pool.</summary>
    /// <param name="options">Transport, credentials and limits (default: <see cref="OciClientOptions"/>'s defaults).</param>
    /// <param name="timeProvider">The clock for token expiry (default: the system clock).</param>
    public OciRegistryClient(OciClientOptions? options = null, TimeProvider? timeProvider = null)
    {
        Options = options ?? new OciClientOptions();
        Options.Validate();
        TimeProvider = timeProvider ?? TimeProvider.System;
        var sockets = new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = Options.ConnectTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        if (Options.CaCertificates.Count > 0)
        {
            var roots = new X509Certificate2Collection(Options.CaCertificates);
            sockets.SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, errors) => TrustedByOwnRoots(certificate, errors, roots),
            };
        }

        _http = new HttpClient(new RegistryAuthHandler(sockets, Options, TimeProvider)) { Timeout = Options.RequestTimeout };
        _ownsHttp = true;
    }

    /// <summary>This client's settings.</summary>
    public OciClientOptions Options { get; }

    /// <summary>The clock this client uses.</summary>
    internal TimeProvider TimeProvider { get; }

    /// <summary>The HTTP client, with authentication and TLS settings, for the artifact fetcher to download blobs on.</summary>
    internal HttpClient Http => _http;

    /// <summary>The URL of a blob, as the artifact fetcher downloads it.</summary>
    public Uri GetBlobUrl(OciReference repository, Digest digest)
    {
        ArgumentNullException.ThrowIfNull(repository);
        return new Uri(BaseUrl(repository), "blobs/" + digest);
    }

    /// <summary>
    /// Every tag of the repository, following <c>Link</c> pages, sorted ordinally (registries answer in
    /// storage order and may ignore <c>n</c>).
    /// </summary>
    /// <exception cref="OciNotFoundException">The repository does not exist.</exception>
    /// <exception cref="OciAuthenticationException">Credentials are missing or refused.</exception>
    /// <exception cref="ArtifactTooLargeException">There are more than <see cref="OciClientOptions.MaxTags"/> tags or a page is over the manifest limit.</exception>
    /// <exception cref="OciRegistryException">The registry failed or timed out.</exception>
    public async Task<IReadOnlyList<string>> ListTagsAsync(OciReference repository, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var tags = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        Uri? url = new(BaseUrl(repository), "tags/list?n=" + TagPageSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        while (url is not null && seen.Add(url.PathAndQuery))
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            using var response = await SendAsync(request, "tags of " + repository.RepositoryName, cancellationToken).ConfigureAwait(false);
            var body = await HttpBodies.ReadCappedAsync(response, Options.MaxManifestBytes, "tag list", Options, TimeProvider, cancellationToken).ConfigureAwait(false);
            ReadTags(body, tags, Options.MaxTags);
            url = LinkHeader.Next(response, url);
        }

        var sorted = tags.ToList();
        sorted.Sort(StringComparer.Ordinal);
        return sorted;
    }

    /// <summary>
    /// The highest tag satisfying <paramref name="constraint"/> (Helm's constraint rules, Masterminds v3), with
    /// tags read as Flux's OCIRepository reads them (MAJOR.MINOR.PATCH after one optional <c>v</c>) or, with
    /// <paramref name="helmChartTags"/>, as Helm reads chart tags (loose versions, <c>_</c> standing for <c>+</c>).
    /// </summary>
    /// <exception cref="OciNotFoundException">No tag satisfies the constraint.</exception>
    /// <exception cref="VersionConstraintException">The constraint is invalid.</exception>
    public async Task<string> SelectTagAsync(OciReference repository, string constraint, bool helmChartTags = false, bool includePrerelease = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(constraint);
        var parsed = VersionConstraint.Parse(constraint, includePrerelease);
        var tags = await ListTagsAsync(repository, cancellationToken).ConfigureAwait(false);
        return OciTagVersions.SelectHighest(tags, parsed, helmChartTags)
            ?? throw new OciNotFoundException($"no tag of {repository.RepositoryName} matches the version constraint '{constraint}' ({tags.Count} tags)", statusCode: null);
    }

    /// <summary>
    /// The manifest <paramref name="reference"/> names (by digest when it has one, else by tag), read under the
    /// size cap and verified: against the digest asked for, and against the <c>Docker-Content-Digest</c> the
    /// registry announces.
    /// </summary>
    /// <exception cref="OciNotFoundException">No such tag or manifest.</exception>
    /// <exception cref="DigestMismatchException">The bytes served are not the manifest asked for.</exception>
    /// <exception cref="OciManifestException">The bytes are not an image manifest.</exception>
    /// <exception cref="ArtifactTooLargeException">The manifest is over <see cref="OciClientOptions.MaxManifestBytes"/>.</exception>
    /// <exception cref="OciAuthenticationException">Credentials are missing or refused.</exception>
    /// <exception cref="OciRegistryException">The registry failed or timed out.</exception>
    public async Task<OciManifest> GetManifestAsync(OciReference reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var name = reference.Digest?.ToString() ?? reference.Tag ?? throw new ArgumentException("the reference has neither a tag nor a digest", nameof(reference));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(BaseUrl(reference), "manifests/" + name));
        request.Headers.Accept.ParseAdd(OciMediaTypes.AcceptManifests);
        using var response = await SendAsync(request, "manifest " + reference, cancellationToken).ConfigureAwait(false);
        var body = await HttpBodies.ReadCappedAsync(response, Options.MaxManifestBytes, "manifest", Options, TimeProvider, cancellationToken).ConfigureAwait(false);
        var algorithm = reference.Digest?.Algorithm ?? DigestAlgorithm.Sha256;
        var actual = Digest.Compute(body, algorithm);
        if (reference.Digest is { } expected && !actual.Equals(expected))
        {
            throw new DigestMismatchException(expected, actual);
        }

        if (response.Headers.TryGetValues("Docker-Content-Digest", out var announced)
            && Digest.TryParse(announced.FirstOrDefault(), out var header) && header.Algorithm == algorithm && !header.Equals(actual))
        {
            throw new DigestMismatchException(header, actual);
        }

        return OciManifest.Parse(body, response.Content.Headers.ContentType?.MediaType) is var manifest && algorithm != DigestAlgorithm.Sha256
            ? manifest with { Digest = actual }
            : manifest;
    }

    /// <summary>
    /// Downloads the blob <paramref name="descriptor"/> describes into <paramref name="file"/>, verified against
    /// its digest and size while streaming; the file is written beside and renamed into place only when
    /// all is well (never half-written).
    /// </summary>
    /// <exception cref="ArtifactTooLargeException">The blob is over <see cref="OciClientOptions.MaxBlobBytes"/>, or more bytes came than the descriptor says.</exception>
    /// <exception cref="DigestMismatchException">The bytes served do not match the digest.</exception>
    /// <exception cref="OciNotFoundException">No such blob.</exception>
    /// <exception cref="OciTimeoutException">No answer within <see cref="OciClientOptions.RequestTimeout"/>, or the body stalled (<see cref="OciClientOptions.InactivityTimeout"/>, <see cref="OciClientOptions.MinimumBytesPerSecond"/>).</exception>
    /// <exception cref="OciRegistryException">The registry failed or timed out.</exception>
    public async Task<Digest> DownloadBlobAsync(OciReference repository, OciDescriptor descriptor, string file, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(descriptor);
        ArgumentException.ThrowIfNullOrEmpty(file);
        EnsureWithinBlobLimit(descriptor);
        var target = Path.GetFullPath(file);
        var staging = Path.Combine(Path.GetDirectoryName(target)!, "." + Path.GetFileName(target) + "." + Guid.NewGuid().ToString("N")[..12] + ".tmp");
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, GetBlobUrl(repository, descriptor.Digest));
            using var response = await SendAsync(request, "blob " + descriptor.Digest, cancellationToken).ConfigureAwait(false);
            var body = Options.Watch(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), "blob " + descriptor.Digest, TimeProvider);
            await using (body.ConfigureAwait(false))
            {
                var output = new FileStream(staging, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
                await using (output.ConfigureAwait(false))
                {
                    var actual = await CopyVerifiedAsync(body, output, descriptor, cancellationToken).ConfigureAwait(false);
                    if (!actual.Equals(descriptor.Digest))
                    {
                        throw new DigestMismatchException(descriptor.Digest, actual);
                    }
                }
            }

            File.Move(staging, target, overwrite: true);
            staging = null;
            return descriptor.Digest;
        }
        finally
        {
            if (staging is not null)
            {
                File.Delete(staging);
            }
        }
    }

    /// <summary>
    /// Uploads a blob unless the repository already has it (a <c>HEAD</c> first), in one monolithic
    /// <c>POST</c> + <c>PUT</c>, and checks the registry agrees on the digest.
    /// </summary>
    /// <param name="repository">The repository to push to.</param>
    /// <param name="content">The blob's bytes, read once from the current position.</param>
    /// <param name="descriptor">The blob's digest and size (the registry verifies them).</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <returns>Whether the blob was uploaded (false when it was already there).</returns>
    /// <exception cref="OciAuthenticationException">Credentials are missing or refused.</exception>
    /// <exception cref="OciRegistryException">The registry refused the blob, failed or timed out.</exception>
    public async Task<bool> PushBlobAsync(OciReference repository, Stream content, OciDescriptor descriptor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(descriptor);
        var blobUrl = GetBlobUrl(repository, descriptor.Digest);
        using (var head = new HttpRequestMessage(HttpMethod.Head, blobUrl))
        {
            using var exists = await SendRawAsync(head, "blob " + descriptor.Digest, cancellationToken).ConfigureAwait(false);
            if (exists.IsSuccessStatusCode && exists.Content.Headers.ContentLength == descriptor.Size)
            {
                return false;
            }
        }

        Uri location;
        using (var start = new HttpRequestMessage(HttpMethod.Post, new Uri(BaseUrl(repository), "blobs/uploads/")))
        {
            start.Content = new ByteArrayContent([]);
            using var started = await SendAsync(start, "an upload to " + repository.RepositoryName, cancellationToken).ConfigureAwait(false);
            location = started.Headers.Location is { } l ? new Uri(start.RequestUri!, l) : throw new OciRegistryException("the registry started an upload without a Location", isTransient: false, started.StatusCode);
        }

        var separator = string.IsNullOrEmpty(location.Query) ? "?" : "&";
        using var put = new HttpRequestMessage(HttpMethod.Put, new Uri(location + separator + "digest=" + Uri.EscapeDataString(descriptor.Digest.ToString())));
        put.Content = new StreamContent(content);
        put.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        put.Content.Headers.ContentLength = descriptor.Size;
        using var done = await SendAsync(put, "blob " + descriptor.Digest, cancellationToken).ConfigureAwait(false);
        if (done.Headers.TryGetValues("Docker-Content-Digest", out var announced) && Digest.TryParse(announced.FirstOrDefault(), out var stored) && !stored.Equals(descriptor.Digest))
        {
            throw new DigestMismatchException(descriptor.Digest, stored);
        }

        return true;
    }

    /// <summary>Uploads a manifest under the reference's tag (or digest) and returns its digest, checked against the registry's.</summary>
    /// <exception cref="OciAuthenticationException">Credentials are missing or refused.</exception>
    /// <exception cref="OciRegistryException">The registry refused the manifest (a missing blob, say), failed or timed out.</exception>
    public async Task<Digest> PushManifestAsync(OciReference reference, ReadOnlyMemory<byte> manifest, string mediaType = OciMediaTypes.ImageManifest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var digest = Digest.Compute(manifest.Span);
        var name = reference.Tag ?? digest.ToString();
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(BaseUrl(reference), "manifests/" + name));
        request.Content = new ReadOnlyMemoryContent(manifest);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        using var response = await SendAsync(request, "manifest " + reference, cancellationToken).ConfigureAwait(false);
        if (response.Headers.TryGetValues("Docker-Content-Digest", out var announced) && Digest.TryParse(announced.FirstOrDefault(), out var stored) && !stored.Equals(digest))
        {
            throw new DigestMismatchException(digest, stored);
        }

        return digest;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    internal void EnsureWithinBlobLimit(OciDescriptor descriptor)
    {
        if (descriptor.Size > Options.MaxBlobBytes)
        {
            throw new ArtifactTooLargeException(ArtifactLimit.DownloadBytes, Options.MaxBlobBytes, descriptor.Digest.ToString());
        }
    }

    private Uri BaseUrl(OciReference repository) =>
        new((Options.PlainHttp ? "http://" : "https://") + repository.Registry + "/v2/" + repository.Repository + "/");

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string what, CancellationToken cancellationToken)
    {
        var response = await SendRawAsync(request, what, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await FailureAsync(response, request, what, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            var cause = ex.InnerException is { } inner ? inner.Message : ex.Message;
            throw new OciRegistryException($"cannot reach {SafeUrl(request.RequestUri!)} for {what}: {cause}", isTransient: true, statusCode: null, ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new OciTimeoutException($"timed out after {Options.RequestTimeout.TotalSeconds:0.#} s waiting for {SafeUrl(request.RequestUri!)} ({what})", Options.RequestTimeout, ex);
        }
    }

    private async Task<OciRegistryException> FailureAsync(HttpResponseMessage response, HttpRequestMessage request, string what, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var detail = await ErrorDetailAsync(response, cancellationToken).ConfigureAwait(false);
        var registry = RegistryAuthHandler.RegistryOf(request.RequestUri!);
        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new OciAuthenticationException(
                Options.Credentials.ContainsKey(registry)
                    ? $"{registry} refused the credentials for {what}: HTTP {status}{detail}"
                    : $"{registry} needs credentials for {what}: HTTP {status}{detail}",
                response.StatusCode),
            HttpStatusCode.NotFound => new OciNotFoundException($"{what} not found: HTTP 404{detail}", response.StatusCode),
            _ => new OciRegistryException(
                $"{SafeUrl(request.RequestUri!)} answered HTTP {status} {response.ReasonPhrase} for {what}{detail}",
                isTransient: response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (status >= 500 && status != 501),
                response.StatusCode),
        };
    }

    /// <summary>The distribution spec's error codes and messages, when the body has them (<c>{"errors":[{"code","message"}]}</c>).</summary>
    private async Task<string> ErrorDetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await HttpBodies.ReadCappedAsync(response, 64 * 1024, "error body", Options, TimeProvider, cancellationToken).ConfigureAwait(false);
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                var parts = errors.EnumerateArray()
                    .Where(static e => e.ValueKind == JsonValueKind.Object)
                    .Select(static e => (e.TryGetProperty("code", out var c) ? c.ToString() : "?") + (e.TryGetProperty("message", out var m) ? ": " + m : string.Empty));
                return " (" + string.Join("; ", parts) + ")";
            }
        }
        catch (Exception ex) when (ex is JsonException or IOException or HttpRequestException or ArtifactTooLargeException or OciTimeoutException)
        {
            // No detail: the status says enough.
        }

        return string.Empty;
    }

    private static void ReadTags(byte[] body, HashSet<string> tags, int maxTags)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new OciManifestException("a tag list is a JSON object");
            }

            if (!document.RootElement.TryGetProperty("tags", out var list) || list.ValueKind == JsonValueKind.Null)
            {
                return;
            }

            if (list.ValueKind != JsonValueKind.Array)
            {
                throw new OciManifestException("the tag list's tags are not an array");
            }

            foreach (var tag in list.EnumerateArray())
            {
                if (tag.ValueKind == JsonValueKind.String && tags.Add(tag.GetString()!) && tags.Count > maxTags)
                {
                    throw new ArtifactTooLargeException(ArtifactLimit.Entries, maxTags, "tag list");
                }
            }
        }
        catch (JsonException ex)
        {
            throw new OciManifestException($"the tag list is not valid JSON: {ex.Message}", ex);
        }
    }

    private static async Task<Digest> CopyVerifiedAsync(Stream body, Stream output, OciDescriptor descriptor, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(Digest.ToHashAlgorithmName(descriptor.Digest.Algorithm));
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(128 * 1024);
        try
        {
            long total = 0;
            int read;
            while ((read = await ReadBodyAsync(body, buffer, total, cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
                if (total > descriptor.Size)
                {
                    throw new ArtifactTooLargeException(ArtifactLimit.DownloadBytes, descriptor.Size, descriptor.Digest.ToString());
                }

                hash.AppendData(buffer, 0, read);
                await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }

            return Digest.FromHash(descriptor.Digest.Algorithm, hash.GetHashAndReset());
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task<int> ReadBodyAsync(Stream body, byte[] buffer, long soFar, CancellationToken cancellationToken)
    {
        try
        {
            return await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            throw new OciRegistryException($"the connection failed after {soFar} bytes of the blob: {ex.Message}", isTransient: true, statusCode: null, ex);
        }
    }

    private static Uri SafeUrl(Uri url) => new(url.GetLeftPart(UriPartial.Path));

    private static bool TrustedByOwnRoots(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection roots)
    {
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (certificate is X509Certificate2 leaf)
        {
            return chain.Build(leaf);
        }

        using var copy = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(copy);
    }
}
