using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace GitOps.Oci.Registry.Internal;

/// <summary>
/// The distribution spec's authentication, below the client: a request answered 401 is retried once with
/// Basic credentials or with a bearer token from the challenge's token service (the Docker token flow:
/// <c>GET realm?service=…&amp;scope=repository:NAME:pull[,push]</c>, Basic credentials to the realm when
/// there are some, anonymous otherwise). Tokens are cached per registry and scope until they expire; a
/// registry that asked for Basic once gets it up front afterwards. Credentials go only to the registry they
/// are configured for and to the realm it names.
/// </summary>
internal sealed class RegistryAuthHandler : DelegatingHandler
{
    private static readonly TimeSpan DefaultTokenLifetime = TimeSpan.FromSeconds(60);

    private readonly OciClientOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ConcurrentDictionary<string, CachedToken> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _basicHosts = new(StringComparer.OrdinalIgnoreCase);

    public RegistryAuthHandler(HttpMessageHandler inner, OciClientOptions options, TimeProvider timeProvider)
        : base(inner)
    {
        _options = options;
        _timeProvider = timeProvider;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var registry = RegistryOf(request.RequestUri!);
        var scope = ScopeOf(request);
        Authorize(request, registry, scope);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized || !CanResend(request))
        {
            return response;
        }

        var challenge = response.Headers.WwwAuthenticate.Select(static h => AuthChallenge.Parse(h.ToString())).FirstOrDefault(static c => c is not null && (c.IsBearer || c.IsBasic));
        var credential = CredentialFor(registry);
        if (challenge is null)
        {
            return response;
        }

        if (challenge.IsBasic)
        {
            if (credential is null || _basicHosts.ContainsKey(registry))
            {
                return response; // Nothing to offer, or the credentials were already refused.
            }

            _basicHosts[registry] = true;
        }
        else
        {
            var tokenScope = challenge["scope"] ?? scope;
            var token = await FetchTokenAsync(challenge, tokenScope, credential, request.RequestUri!, cancellationToken).ConfigureAwait(false);
            _tokens[registry + " " + (scope ?? tokenScope ?? string.Empty)] = token;
        }

        response.Dispose();
        Authorize(request, registry, scope);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private void Authorize(HttpRequestMessage request, string registry, string? scope)
    {
        if (_tokens.TryGetValue(registry + " " + (scope ?? string.Empty), out var cached) && cached.ExpiresAt > _timeProvider.GetUtcNow())
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", cached.Token);
        }
        else if (_basicHosts.ContainsKey(registry) && CredentialFor(registry) is { } credential)
        {
            request.Headers.Authorization = Basic(credential);
        }
    }

    private async Task<CachedToken> FetchTokenAsync(AuthChallenge challenge, string? scope, OciCredential? credential, Uri registryUrl, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(challenge["realm"], UriKind.Absolute, out var realm)
            || (realm.Scheme != Uri.UriSchemeHttps && !(realm.Scheme == Uri.UriSchemeHttp && registryUrl.Scheme == Uri.UriSchemeHttp)))
        {
            throw new OciAuthenticationException($"the registry's token realm '{challenge["realm"]}' is not an https URL", HttpStatusCode.Unauthorized);
        }

        var query = new StringBuilder(realm.Query.Length > 1 ? realm.Query[1..] + "&" : string.Empty);
        if (challenge["service"] is { } service)
        {
            query.Append("service=").Append(Uri.EscapeDataString(service)).Append('&');
        }

        if (scope is not null)
        {
            foreach (var one in scope.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                query.Append("scope=").Append(Uri.EscapeDataString(one)).Append('&');
            }
        }

        var url = new UriBuilder(realm) { Query = query.ToString().TrimEnd('&') }.Uri;
        using var tokenRequest = new HttpRequestMessage(HttpMethod.Get, url);
        if (credential is not null)
        {
            tokenRequest.Headers.Authorization = Basic(credential);
        }

        using var response = await base.SendAsync(tokenRequest, cancellationToken).ConfigureAwait(false);
        var safeRealm = realm.GetLeftPart(UriPartial.Path);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new OciAuthenticationException($"the token service {safeRealm} refused the credentials for {scope}: HTTP {(int)response.StatusCode}", response.StatusCode);
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new OciRegistryException($"the token service {safeRealm} answered HTTP {(int)response.StatusCode}", isTransient: (int)response.StatusCode >= 500, response.StatusCode);
        }

        var body = await HttpBodies.ReadCappedAsync(response, _options.MaxManifestBytes, "token response", _options, _timeProvider, cancellationToken).ConfigureAwait(false);
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var token = (root.TryGetProperty("token", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null)
                ?? (root.TryGetProperty("access_token", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null);
            if (string.IsNullOrEmpty(token))
            {
                throw new OciAuthenticationException($"the token service {safeRealm} returned no token", HttpStatusCode.Unauthorized);
            }

            var lifetime = root.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var seconds) && seconds > 0 ? TimeSpan.FromSeconds(seconds) : DefaultTokenLifetime;
            return new CachedToken(token, _timeProvider.GetUtcNow() + lifetime - TimeSpan.FromSeconds(5));
        }
        catch (JsonException ex)
        {
            throw new OciAuthenticationException($"the token service {safeRealm} returned invalid JSON: {ex.Message}", ex);
        }
    }

    private OciCredential? CredentialFor(string registry) =>
        _options.Credentials.TryGetValue(registry, out var credential) ? credential : null;

    private static AuthenticationHeaderValue Basic(OciCredential credential) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credential.Username + ":" + credential.Password)));

    /// <summary>A request can be sent again when it has no body or an in-memory one.</summary>
    private static bool CanResend(HttpRequestMessage request) => request.Content is null or ByteArrayContent or ReadOnlyMemoryContent;

    internal static string RegistryOf(Uri url) => url.IsDefaultPort ? url.Host : url.Host + ":" + url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The token scope a request needs: <c>repository:NAME:pull</c> to read, <c>…:pull,push</c> to write.</summary>
    internal static string? ScopeOf(HttpRequestMessage request)
    {
        var path = request.RequestUri!.AbsolutePath;
        if (!path.StartsWith("/v2/", StringComparison.Ordinal))
        {
            return null;
        }

        var rest = path["/v2/".Length..];
        foreach (var marker in (ReadOnlySpan<string>)["/blobs/", "/manifests/", "/tags/"])
        {
            var at = rest.IndexOf(marker, StringComparison.Ordinal);
            if (at > 0)
            {
                var name = rest[..at];
                var write = request.Method != HttpMethod.Get && request.Method != HttpMethod.Head;
                return "repository:" + name + (write ? ":pull,push" : ":pull");
            }
        }

        return null;
    }

    private readonly record struct CachedToken(string Token, DateTimeOffset ExpiresAt);
}
