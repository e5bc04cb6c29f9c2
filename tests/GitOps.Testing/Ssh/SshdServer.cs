using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using NUnit.Framework;

namespace GitOps.Testing.Ssh;

/// <summary>
/// A real OpenSSH server on 127.0.0.1 and a free high port, run as the current user with its own host keys
/// (ECDSA P-384, Ed25519, RSA) and an authorized_keys file the tests add keys to.
/// </summary>
public sealed class SshdServer : IDisposable
{
    private const string Sshd = "/usr/sbin/sshd";
    private readonly TemporaryDirectory _directory;
    private readonly Process _process;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _log = new();

    private SshdServer(TemporaryDirectory directory, Process process, int port)
    {
        _directory = directory;
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>What sshd has written to stderr so far (its -e log), for failure messages.</summary>
    public string Log => string.Join('\n', _log);

    public string AuthorizedKeysFile => _directory.Combine("authorized_keys");

    public static string User => Environment.UserName;

    /// <summary>The host key file of a type: <c>ecdsa</c>, <c>ed25519</c> or <c>rsa</c>.</summary>
    public string HostKeyPublicLine(string type) => File.ReadAllText(_directory.Combine($"host_{type}.pub")).Trim();

    public static SshdServer Start()
    {
        ExternalTool.Require(Sshd);
        ExternalTool.Require("ssh-keygen");
        var directory = new TemporaryDirectory();
        foreach (var (type, extra) in new[] { ("ecdsa", new[] { "-b", "384" }), ("ed25519", Array.Empty<string>()), ("rsa", new[] { "-b", "2048" }) })
        {
            ExternalTool.Check("ssh-keygen", ["-q", "-t", type, .. extra, "-N", "", "-C", "", "-f", directory.Combine($"host_{type}")]);
        }

        File.WriteAllText(directory.Combine("authorized_keys"), string.Empty);
        if (Environment.UserName == "root")
        {
            // sshd started by root insists on its privilege separation directory.
            Directory.CreateDirectory("/run/sshd");
        }

        var port = FreePort();
        var config = directory.WriteFile("sshd_config", string.Join('\n',
            $"Port {port}",
            "ListenAddress 127.0.0.1",
            $"HostKey {directory.Combine("host_ecdsa")}",
            $"HostKey {directory.Combine("host_ed25519")}",
            $"HostKey {directory.Combine("host_rsa")}",
            $"AuthorizedKeysFile {directory.Combine("authorized_keys")}",
            $"PidFile {directory.Combine("sshd.pid")}",
            "UsePAM no",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "PubkeyAuthentication yes",
            "PermitRootLogin prohibit-password",
            "StrictModes no",
            string.Empty));
        var start = new ProcessStartInfo(Sshd) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "-D", "-e", "-f", config })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        var server = new SshdServer(directory, process, port);
        process.ErrorDataReceived += (_, e) => server._log.Enqueue(e.Data ?? string.Empty);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        server.WaitUntilListening();
        return server;
    }

    public void Authorize(string publicKeyLine) => File.AppendAllText(AuthorizedKeysFile, publicKeyLine.Trim() + "\n");

    /// <summary>
    /// Logs in with the real ssh client, the identity file and a known_hosts file, checking the host key strictly,
    /// and runs <c>true</c>. Returns ssh's exit code and stderr.
    /// </summary>
    public ExternalTool.Result Login(string identityFile, string knownHostsFile, string hostKeyAlgorithms) => ExternalTool.Run("ssh",
        "-F", "/dev/null",
        "-i", identityFile,
        "-o", "IdentitiesOnly=yes",
        "-o", "BatchMode=yes",
        "-o", "UserKnownHostsFile=" + knownHostsFile,
        "-o", "GlobalKnownHostsFile=/dev/null",
        "-o", "StrictHostKeyChecking=yes",
        "-o", "HostKeyAlgorithms=" + hostKeyAlgorithms,
        "-o", "ConnectTimeout=20",
        "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        $"{User}@127.0.0.1",
        "true");

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(5000);
            }
        }
        finally
        {
            _process.Dispose();
            _directory.Dispose();
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void WaitUntilListening()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (_process.HasExited)
            {
                Assert.Fail($"sshd exited with {_process.ExitCode} at start: {Log}");
            }

            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }

        Assert.Fail($"sshd did not listen on 127.0.0.1:{Port}");
    }
}
