using System.Diagnostics;
using System.Net.Sockets;
using GitOps.Oci.Registry;
using GitOps.Testing;

namespace GitOps.Oci.Tests.Support;

/// <summary>How a test registry is set up.</summary>
internal enum RegistryMode
{
    /// <summary>Plain HTTP, anonymous.</summary>
    Plain,

    /// <summary>HTTPS with a throw-away CA, anonymous.</summary>
    Tls,

    /// <summary>HTTPS with a throw-away CA and htpasswd (bcrypt) Basic authentication.</summary>
    TlsBasic,

    /// <summary>Plain HTTP with bearer-token authentication against a Kestrel token service.</summary>
    Token,
}

/// <summary>
/// Debian's <c>docker-registry</c> (the CNCF distribution registry 2.8) on a free port of 127.0.0.1 with its
/// storage in a temporary directory, started by the fixture and stopped on dispose.
/// </summary>
internal sealed class RegistryServer : IAsyncDisposable
{
    public const string Username = "flux";
    public const string Password = "s3cret-Passw0rd";

    private readonly Process _process;
    private readonly TemporaryDirectory _directory;

    private RegistryServer(Process process, TemporaryDirectory directory, int port, RegistryMode mode, TestCertificates? certificates, TokenServer? tokens)
    {
        _process = process;
        _directory = directory;
        Port = port;
        Mode = mode;
        Certificates = certificates;
        Tokens = tokens;
    }

    public int Port { get; }

    public RegistryMode Mode { get; }

    public TestCertificates? Certificates { get; }

    public TokenServer? Tokens { get; }

    public string Host => "127.0.0.1:" + Port;

    /// <summary>Where the registry keeps its blobs (tests corrupt them to check verification).</summary>
    public string StorageRoot => _directory.Combine("storage");

    /// <summary>A reference to <paramref name="repository"/> on this registry.</summary>
    public OciReference Reference(string repository, string? tag = null) => new(Host, repository, tag);

    /// <summary>Client options that reach this registry (plain HTTP or its CA; with <paramref name="withCredentials"/>, its user).</summary>
    public OciClientOptions ClientOptions(bool withCredentials = true)
    {
        var options = new OciClientOptions { PlainHttp = Mode is RegistryMode.Plain or RegistryMode.Token, RequestTimeout = TimeSpan.FromSeconds(20), MaxRetryAttempts = 0 };
        if (Certificates is not null)
        {
            options.CaCertificates.Add(Certificates.Ca);
        }

        if (withCredentials && Mode is RegistryMode.TlsBasic or RegistryMode.Token)
        {
            options.WithCredential(Host, Username, Password);
        }

        return options;
    }

    public static async Task<RegistryServer> StartAsync(RegistryMode mode)
    {
        var binary = ServerBinaries.Require("docker-registry", "docker-registry");
        var directory = new TemporaryDirectory();
        var port = ServerBinaries.FreePort();
        var config = new System.Text.StringBuilder();
        config.AppendLine("version: 0.1");
        config.AppendLine("log:\n  level: error\n  accesslog:\n    disabled: true");
        config.AppendLine($"storage:\n  filesystem:\n    rootdirectory: {directory.Combine("storage")}\n  delete:\n    enabled: true");
        config.AppendLine($"http:\n  addr: 127.0.0.1:{port}");
        TestCertificates? certificates = null;
        TokenServer? tokens = null;
        if (mode is RegistryMode.Tls or RegistryMode.TlsBasic)
        {
            certificates = new TestCertificates();
            var crt = directory.WriteFile("tls/registry.crt", certificates.LeafPem);
            var key = directory.WriteFile("tls/registry.key", certificates.LeafKeyPem);
            config.AppendLine($"  tls:\n    certificate: {crt}\n    key: {key}");
        }

        if (mode == RegistryMode.TlsBasic)
        {
            var htpasswd = directory.Combine("htpasswd");
            await RunAsync(ServerBinaries.Require("htpasswd", "apache2-utils"), ["-B", "-b", "-c", htpasswd, Username, Password]).ConfigureAwait(false);
            config.AppendLine($"auth:\n  htpasswd:\n    realm: gitops-test\n    path: {htpasswd}");
        }

        if (mode == RegistryMode.Token)
        {
            tokens = await TokenServer.StartAsync(Username, Password).ConfigureAwait(false);
            var bundle = directory.WriteFile("token/ca.pem", tokens.SigningCertificatePem);
            config.AppendLine($"auth:\n  token:\n    realm: {tokens.Realm}\n    service: {TokenServer.Service}\n    issuer: {TokenServer.Issuer}\n    rootcertbundle: {bundle}");
        }

        var configFile = directory.WriteFile("config.yml", config.ToString());
        var start = new ProcessStartInfo(binary)
        {
            ArgumentList = { "serve", configFile },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start)!;
        process.OutputDataReceived += static (_, _) => { };
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new RegistryServer(process, directory, port, mode, certificates, tokens);
        await server.WaitUntilListeningAsync().ConfigureAwait(false);
        return server;
    }

    private async Task WaitUntilListeningAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"docker-registry exited with {_process.ExitCode} at start");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(System.Net.IPAddress.Loopback, Port).ConfigureAwait(false);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50).ConfigureAwait(false);
            }
        }

        throw new TimeoutException("docker-registry did not listen within 15 s");
    }

    private static async Task RunAsync(string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync().ConfigureAwait(false);
        await process.WaitForExitAsync().ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} failed: {error}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
        if (Tokens is not null)
        {
            await Tokens.DisposeAsync().ConfigureAwait(false);
        }

        Certificates?.Dispose();
        _directory.Dispose();
    }
}
