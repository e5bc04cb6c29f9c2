using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GitOps.Oci.Tests.Support;

/// <summary>
/// A Docker token service on Kestrel: checks Basic credentials and issues ES256 JWTs whose <c>x5c</c>
/// certificate the registry trusts through <c>auth.token.rootcertbundle</c>, granting what the scope asks for.
/// The registry checks these tokens for real (signature, issuer, audience, expiry, access).
/// </summary>
internal sealed class TokenServer : IAsyncDisposable
{
    public const string Service = "gitops-test-registry";
    public const string Issuer = "gitops-test-token-service";

    private readonly WebApplication _app;
    private readonly ECDsa _key;
    private readonly X509Certificate2 _certificate;
    private int _issued;

    private TokenServer(WebApplication app, ECDsa key, X509Certificate2 certificate)
    {
        _app = app;
        _key = key;
        _certificate = certificate;
    }

    public Uri Realm { get; private set; } = null!;

    public string SigningCertificatePem => _certificate.ExportCertificatePem();

    /// <summary>Tokens issued so far.</summary>
    public int Issued => Volatile.Read(ref _issued);

    public static async Task<TokenServer> StartAsync(string username, string password)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + Issuer, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign, true));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new TokenServer(app, key, certificate);
        app.MapGet("/token", (HttpContext context) => server.Issue(context, username, password));
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Realm = new Uri(address.TrimEnd('/') + "/token");
        return server;
    }

    private IResult Issue(HttpContext context, string username, string password)
    {
        string? subject = null;
        var header = context.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..]));
            if (pair != username + ":" + password)
            {
                return Results.Json(new Dictionary<string, string> { ["details"] = "wrong credentials" }, statusCode: 401);
            }

            subject = username;
        }

        // Anonymous callers get a token that grants nothing (the registry then refuses them).
        var scopes = subject is null ? [] : context.Request.Query["scope"].Where(s => s is not null).Select(s => s!).ToArray();
        Interlocked.Increment(ref _issued);
        var token = Sign(subject ?? string.Empty, context.Request.Query["service"].ToString(), scopes);
        return Results.Text($"{{\"token\":\"{token}\",\"expires_in\":300}}", "application/json");
    }

    private string Sign(string subject, string audience, string[] scopes)
    {
        using var headerBuffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(headerBuffer))
        {
            writer.WriteStartObject();
            writer.WriteString("typ", "JWT");
            writer.WriteString("alg", "ES256");
            writer.WriteStartArray("x5c");
            writer.WriteStringValue(Convert.ToBase64String(_certificate.RawData));
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using var claimsBuffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(claimsBuffer))
        {
            writer.WriteStartObject();
            writer.WriteString("iss", Issuer);
            writer.WriteString("sub", subject);
            writer.WriteString("aud", audience);
            writer.WriteNumber("exp", now + 300);
            writer.WriteNumber("nbf", now - 10);
            writer.WriteNumber("iat", now);
            writer.WriteString("jti", Guid.NewGuid().ToString("N"));
            writer.WriteStartArray("access");
            foreach (var scope in scopes)
            {
                // repository:NAME:ACTIONS (NAME may hold no ':' here).
                var parts = scope.Split(':');
                if (parts.Length != 3)
                {
                    continue;
                }

                writer.WriteStartObject();
                writer.WriteString("type", parts[0]);
                writer.WriteString("name", parts[1]);
                writer.WriteStartArray("actions");
                foreach (var action in parts[2].Split(','))
                {
                    writer.WriteStringValue(action);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        var signingInput = Base64Url(headerBuffer.ToArray()) + "." + Base64Url(claimsBuffer.ToArray());
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return signingInput + "." + Base64Url(signature);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _key.Dispose();
        _certificate.Dispose();
    }
}
