using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using GitOps.Git.Auth;
using GitOps.Testing;

namespace GitOps.Git.Tests.Servers;

/// <summary>
/// The real servers the tests clone from, started once for the whole run on free ports of 127.0.0.1:
/// <c>git daemon</c>; lighttpd with <c>git http-backend</c> over http (basic auth under <c>/git</c>, a bearer
/// token under <c>/bearer</c>, anonymous under <c>/open</c>), https with a throw-away CA (same paths) and https
/// requiring a client certificate; sshd with an ECDSA P-384 host key and user keys (one with a passphrase);
/// and a TCP listener that accepts and never answers. Missing binaries ignore the calling test, or fail it
/// under CI=true (.ci/install.sh installs them).
/// </summary>
internal sealed class GitServers : IDisposable
{
    public const string User = "gitops";
    public const string Password = "s3cret-pass";
    public const string Token = "t0ken-abc123";
    public const string KeyPassphrase = "key-pass-phrase";

    private static readonly Lazy<(GitServers? Servers, string? Error)> Instance = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly List<Process> _processes = [];
    private TcpListener? _hang;

    private GitServers(TemporaryDirectory root) => Directory = root;

    public TemporaryDirectory Directory { get; }

    public required TestRepository Repository { get; init; }

    public required TestCertificates Certificates { get; init; }

    public int DaemonPort { get; private set; }

    public int HttpPort { get; private set; }

    public int HttpsPort { get; private set; }

    public int MtlsPort { get; private set; }

    public int SshPort { get; private set; }

    public int HangPort { get; private set; }

    public string SshUser { get; } = Environment.UserName;

    public string SshIdentity { get; private set; } = string.Empty;

    public string SshEncryptedIdentity { get; private set; } = string.Empty;

    public string SshUnknownIdentity { get; private set; } = string.Empty;

    public string KnownHosts { get; private set; } = string.Empty;

    /// <summary>The started servers; ignores (or under CI fails) the calling test when they cannot run here.</summary>
    public static GitServers Get()
    {
        var (servers, error) = Instance.Value;
        if (servers is not null)
        {
            return servers;
        }

        var message = "Git test servers unavailable: " + error + " (run .ci/install.sh)";
        if (SharedData.IsCi)
        {
            Assert.Fail(message + " CI=true, so this is a failure.");
        }

        Assert.Ignore(message);
        return null!;
    }

    public static void StopAll()
    {
        if (Instance.IsValueCreated)
        {
            Instance.Value.Servers?.Dispose();
        }
    }

    /// <summary>The URL of a repository (default <c>app.git</c>) over a transport.</summary>
    public string Url(Transport transport, string repository = "app.git") => transport switch
    {
        Transport.File => Path.Combine(Repository.Root, repository),
        Transport.Git => $"git://127.0.0.1:{DaemonPort}/{repository}",
        Transport.HttpBasic => $"http://127.0.0.1:{HttpPort}/git/{repository}",
        Transport.HttpBearer => $"http://127.0.0.1:{HttpPort}/bearer/{repository}",
        Transport.HttpsBasic => $"https://127.0.0.1:{HttpsPort}/git/{repository}",
        Transport.HttpsClientCertificate => $"https://127.0.0.1:{MtlsPort}/open/{repository}",
        Transport.Ssh => $"ssh://{SshUser}@127.0.0.1:{SshPort}{Path.Combine(Repository.Root, repository)}",
        _ => throw new ArgumentOutOfRangeException(nameof(transport)),
    };

    /// <summary>The right credentials for a transport.</summary>
    public GitAuth? Auth(Transport transport) => transport switch
    {
        Transport.HttpBasic => new GitAuth { Username = User, Password = Password },
        Transport.HttpBearer => new GitAuth { BearerToken = Token },
        Transport.HttpsBasic => new GitAuth { Username = User, Password = Password, CaCertificatePem = Certificates.CaPem },
        Transport.HttpsClientCertificate => new GitAuth { CaCertificatePem = Certificates.CaPem, ClientCertificatePem = Certificates.ClientPem, ClientKeyPem = Certificates.ClientKeyPem },
        Transport.Ssh => new GitAuth { SshIdentity = SshIdentity, SshKnownHosts = KnownHosts },
        _ => null,
    };

    public string HangUrl(string scheme) => scheme == "ssh"
        ? $"ssh://git@127.0.0.1:{HangPort}/app.git"
        : $"{scheme}://127.0.0.1:{HangPort}/app.git";

    private static (GitServers?, string?) Start()
    {
        foreach (var binary in new[] { "/usr/bin/git", "/usr/sbin/lighttpd", "/usr/sbin/sshd", "/usr/bin/ssh-keygen", "/usr/lib/git-core/git-http-backend" })
        {
            if (!File.Exists(binary))
            {
                return (null, binary + " is not installed");
            }
        }

        var root = new TemporaryDirectory();
        var servers = new GitServers(root)
        {
            Repository = TestRepository.Create(root.Combine("repos")),
            Certificates = TestCertificates.Create(),
        };
        try
        {
            servers.StartDaemon();
            servers.StartLighttpd();
            servers.StartSshd();
            servers.StartHangListener();
            return (servers, null);
        }
        catch (InvalidOperationException e)
        {
            servers.Dispose();
            return (null, e.Message);
        }
    }

    private void StartDaemon()
    {
        DaemonPort = ServerProcess.FreePort();
        var log = Directory.Combine("daemon.log");
        var process = ServerProcess.Start("git", log, "daemon", "--listen=127.0.0.1", $"--port={DaemonPort}", "--reuseaddr", "--export-all",
            "--enable=receive-pack", $"--base-path={Repository.Root}", Repository.Root);
        _processes.Add(process);
        ServerProcess.WaitForPort(DaemonPort, process, log);
    }

    private void StartLighttpd()
    {
        HttpPort = ServerProcess.FreePort();
        HttpsPort = ServerProcess.FreePort();
        MtlsPort = ServerProcess.FreePort();
        var dir = Directory.Combine("lighttpd");
        System.IO.Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "server.pem"), Certificates.ServerPem + "\n" + Certificates.ServerKeyPem + "\n");
        File.WriteAllText(Path.Combine(dir, "ca.crt"), Certificates.CaPem + "\n");
        File.WriteAllText(Path.Combine(dir, "users"), $"{User}:{Password}\n");
        var backend = "/usr/lib/git-core/git-http-backend";
        var config = $$"""
            server.modules = ("mod_alias", "mod_access", "mod_auth", "mod_authn_file", "mod_cgi", "mod_setenv", "mod_openssl")
            server.bind = "127.0.0.1"
            server.port = {{HttpPort}}
            server.document-root = "{{Repository.Root}}"
            server.pid-file = "{{dir}}/lighttpd.pid"
            server.errorlog = "{{dir}}/error.log"
            server.max-request-size = 0
            auth.backend = "plain"
            auth.backend.plain.userfile = "{{dir}}/users"
            setenv.add-environment = ("GIT_PROJECT_ROOT" => "{{Repository.Root}}", "GIT_HTTP_EXPORT_ALL" => "1")
            alias.url = ("/git" => "{{backend}}", "/bearer" => "{{backend}}", "/open" => "{{backend}}")
            cgi.assign = ("/git-http-backend" => "")
            $HTTP["url"] =~ "^/git/" { auth.require = ("" => ("method" => "basic", "realm" => "git", "require" => "valid-user")) }
            $HTTP["url"] =~ "^/bearer/" {
              $REQUEST_HEADER["Authorization"] != "Bearer {{Token}}" { url.access-deny = ("") }
            }
            $SERVER["socket"] == "127.0.0.1:{{HttpsPort}}" {
              ssl.engine = "enable"
              ssl.pemfile = "{{dir}}/server.pem"
            }
            $SERVER["socket"] == "127.0.0.1:{{MtlsPort}}" {
              ssl.engine = "enable"
              ssl.pemfile = "{{dir}}/server.pem"
              ssl.verifyclient.activate = "enable"
              ssl.verifyclient.enforce = "enable"
              ssl.verifyclient.ca-file = "{{dir}}/ca.crt"
            }
            """;
        File.WriteAllText(Path.Combine(dir, "lighttpd.conf"), config);
        var log = Path.Combine(dir, "stdout.log");
        var process = ServerProcess.Start("/usr/sbin/lighttpd", log, "-D", "-f", Path.Combine(dir, "lighttpd.conf"));
        _processes.Add(process);
        ServerProcess.WaitForPort(HttpPort, process, log);
        ServerProcess.WaitForPort(MtlsPort, process, log);
    }

    private void StartSshd()
    {
        SshPort = ServerProcess.FreePort();
        var dir = Directory.Combine("sshd");
        System.IO.Directory.CreateDirectory(dir);
        string KeyGen(string name, string passphrase)
        {
            var path = Path.Combine(dir, name);
            ServerProcess.Run("ssh-keygen", dir, null, "-q", "-t", "ecdsa", "-b", "384", "-N", passphrase, "-C", name, "-f", path);
            return path;
        }

        var hostKey = KeyGen("host_key", string.Empty);
        var user = KeyGen("user_key", string.Empty);
        var encrypted = KeyGen("user_key_encrypted", KeyPassphrase);
        var unknown = KeyGen("unknown_key", string.Empty);
        File.WriteAllText(Path.Combine(dir, "authorized_keys"), File.ReadAllText(user + ".pub") + File.ReadAllText(encrypted + ".pub"));
        SshIdentity = File.ReadAllText(user);
        SshEncryptedIdentity = File.ReadAllText(encrypted);
        SshUnknownIdentity = File.ReadAllText(unknown);
        var hostPublic = File.ReadAllText(hostKey + ".pub").Split(' ');
        KnownHosts = $"[127.0.0.1]:{SshPort} {hostPublic[0]} {hostPublic[1]}\n";
        System.IO.Directory.CreateDirectory("/run/sshd");
        var config = $"""
            Port {SshPort}
            ListenAddress 127.0.0.1
            HostKey {hostKey}
            AuthorizedKeysFile {dir}/authorized_keys
            PidFile {dir}/sshd.pid
            UsePAM no
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PubkeyAuthentication yes
            PermitRootLogin prohibit-password
            StrictModes no
            AllowUsers {SshUser}
            AcceptEnv GIT_PROTOCOL
            """;
        File.WriteAllText(Path.Combine(dir, "sshd_config"), config + "\n");
        var log = Path.Combine(dir, "sshd.log");
        var process = ServerProcess.Start("/usr/sbin/sshd", log, "-D", "-e", "-f", Path.Combine(dir, "sshd_config"));
        _processes.Add(process);
        ServerProcess.WaitForPort(SshPort, process, log);
    }

    private void StartHangListener()
    {
        _hang = new TcpListener(IPAddress.Loopback, 0);
        _hang.Start();
        HangPort = ((IPEndPoint)_hang.LocalEndpoint).Port;
        var accepted = new List<Socket>();
        _ = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    // Accept and keep the connection open, never sending a byte.
                    var socket = await _hang.AcceptSocketAsync().ConfigureAwait(false);
                    lock (accepted)
                    {
                        accepted.Add(socket);
                    }
                }
            }
            catch (ObjectDisposedException)
            {
            }
            catch (SocketException)
            {
            }
        });
    }

    public void Dispose()
    {
        _hang?.Stop();
        foreach (var process in _processes)
        {
            ServerProcess.Stop(process);
        }

        Directory.Dispose();
    }
}

/// <summary>How the tests reach a repository.</summary>
public enum Transport
{
    File,
    Git,
    HttpBasic,
    HttpBearer,
    HttpsBasic,
    HttpsClientCertificate,
    Ssh,
}
