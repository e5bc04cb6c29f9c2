using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using GitOps.Ssa.Values;

namespace GitOps.Kubernetes.Clusters.Internal;

/// <summary>
/// The HTTP side of the live cluster: one <see cref="HttpClient"/> per connection (TLS with the kubeconfig's CA, client
/// certificate or bearer token), at most N requests in flight, bounded response sizes, and the API server's Status
/// objects turned into <see cref="ClusterException"/>. Credentials only go into headers, never into messages.
/// </summary>
internal sealed class ApiTransport : IDisposable
{
    private readonly HttpClient _http;
    private readonly SemaphoreSlim _inFlight;
    private readonly KubernetesConnection _connection;
    private readonly LiveClusterOptions _options;
    private readonly X509Certificate2? _clientCertificate;
    private readonly X509Certificate2Collection _trusted = [];
    private (DateTime Written, string Token)? _fileToken;

    public ApiTransport(KubernetesConnection connection, LiveClusterOptions options)
    {
        _connection = connection;
        _options = options;
        _inFlight = new SemaphoreSlim(options.MaxConcurrentRequests);
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            MaxConnectionsPerServer = options.MaxConcurrentRequests,
            AutomaticDecompression = DecompressionMethods.GZip,
            AllowAutoRedirect = false,
        };
        if (connection.Server.Scheme == "https")
        {
            if (connection.CertificateAuthorityPem is { } ca)
            {
                _trusted.ImportFromPem(ca);
            }

            handler.SslOptions.RemoteCertificateValidationCallback = ValidateServer;
            if (connection.TlsServerName is { Length: > 0 } sni)
            {
                handler.SslOptions.TargetHost = sni;
            }

            if (connection.ClientCertificatePem is { } cert && connection.ClientKeyPem is { } key)
            {
                _clientCertificate = X509Certificate2.CreateFromPem(cert, key);
                handler.SslOptions.ClientCertificates = [_clientCertificate];
            }
        }

        _http = new HttpClient(handler) { BaseAddress = connection.Server, Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(options.UserAgent);
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
    }

    /// <summary>Sends a request; the parsed JSON body on success, null on 404 when <paramref name="nullOnNotFound"/>.</summary>
    public async Task<SsaValue?> SendAsync(HttpMethod method, string path, string? contentType, string? body, string? impersonateUser, bool nullOnNotFound, CancellationToken cancellationToken)
    {
        await _inFlight.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.RequestTimeout);
            using var request = new HttpRequestMessage(method, path.TrimStart('/'));
            if (body is not null)
            {
                request.Content = new StringContent(body, Encoding.UTF8);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType ?? "application/json");
            }

            await AuthenticateAsync(request, timeout.Token).ConfigureAwait(false);
            if (impersonateUser is not null)
            {
                request.Headers.TryAddWithoutValidation("Impersonate-User", impersonateUser);
            }

            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw new ClusterException($"{method} {Describe(path)}: no answer within {_options.RequestTimeout.TotalSeconds:0.#} s", ex);
            }
            catch (HttpRequestException ex)
            {
                throw new ClusterException($"{method} {Describe(path)}: {ex.Message}", ex);
            }

            using (response)
            {
                var text = await ReadBoundedAsync(response, timeout.Token).ConfigureAwait(false);
                var code = (int)response.StatusCode;
                if (response.IsSuccessStatusCode)
                {
                    return text.Length == 0 ? SsaValue.EmptyMap : Parse(text, method, path);
                }

                if (code == 404 && nullOnNotFound)
                {
                    return null;
                }

                throw Refusal(code, text, method, path, impersonateUser);
            }
        }
        finally
        {
            _inFlight.Release();
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _inFlight.Dispose();
        _clientCertificate?.Dispose();
    }

    private ClusterException Refusal(int code, string text, HttpMethod method, string path, string? impersonateUser)
    {
        SsaValue? status = null;
        try
        {
            status = text.Length > 0 ? SsaValue.ParseJson(text) : null;
        }
        catch (GitOpsException)
        {
            // Not a Status object (a proxy's page): the fallback message is used.
        }

        if (status is not { IsMap: true } || !status.AsMap.TryGetValue("kind", out var kind) || kind.Kind != SsaValueKind.String || kind.AsString != "Status")
        {
            status = null;
        }

        var who = impersonateUser is null ? "the kubeconfig's user" : $"\"{impersonateUser}\"";
        var fallback = code switch
        {
            401 => $"{method} {Describe(path)}: Unauthorized: the API server refused the credentials of context {_connection.ContextName ?? "(in-cluster)"}",
            403 => $"{method} {Describe(path)}: forbidden for {who}",
            _ => $"{method} {Describe(path)}: HTTP {code}",
        };
        return new ClusterException(code, status, fallback);
    }

    private static SsaValue Parse(string text, HttpMethod method, string path)
    {
        try
        {
            return SsaValue.ParseJson(text);
        }
        catch (GitOpsException ex)
        {
            throw new ClusterException($"{method} {Describe(path)}: the answer is not JSON: {ex.Message}", ex);
        }
    }

    private async Task<string> ReadBoundedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > _options.MaxResponseBytes)
        {
            throw new ClusterException($"the API server's answer is larger than {_options.MaxResponseBytes} bytes");
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > _options.MaxResponseBytes)
                {
                    throw new ClusterException($"the API server's answer is larger than {_options.MaxResponseBytes} bytes");
                }

                buffer.Write(chunk, 0, read);
            }

            return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
    }

    private async Task AuthenticateAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = _connection.BearerToken;
        if (_connection.BearerTokenFile is { } file)
        {
            token = await ReadTokenFileAsync(file, cancellationToken).ConfigureAwait(false);
        }

        if (!string.IsNullOrEmpty(token))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        else if (_connection.Username is { } user && _connection.Password is { } password)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password)));
        }
    }

    // A projected service account token is rotated in place: it is read again when the file changes.
    private async Task<string> ReadTokenFileAsync(string file, CancellationToken cancellationToken)
    {
        var written = File.GetLastWriteTimeUtc(file);
        if (_fileToken is { } cached && cached.Written == written)
        {
            return cached.Token;
        }

        try
        {
            var token = (await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false)).Trim();
            _fileToken = (written, token);
            return token;
        }
        catch (IOException ex)
        {
            throw new ClusterException($"token file {file}: {ex.Message}", ex);
        }
    }

    private bool ValidateServer(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (_connection.InsecureSkipTlsVerify)
        {
            return true;
        }

        if (_trusted.Count == 0 || certificate is null)
        {
            return errors == SslPolicyErrors.None;
        }

        if ((errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        custom.ChainPolicy.CustomTrustStore.AddRange(_trusted);
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        if (certificate is X509Certificate2 leaf)
        {
            return custom.Build(leaf);
        }

        using var loaded = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return custom.Build(loaded);
    }

    // A path with its query left out (a field manager or selector is no secret, but keeps messages short).
    private static string Describe(string path)
    {
        var q = path.IndexOf('?', StringComparison.Ordinal);
        return q < 0 ? path : path[..q];
    }
}
