using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using GitOps.ImageAutomation.Automation;

namespace GitOps.ImageAutomation.Tests.Automation;

/// <summary>The git command line, for fixtures and checks (the loop itself runs on GitOps.Git through <see cref="GitAutomationClient"/>).</summary>
internal sealed class GitCli
{
    public static bool Available()
    {
        try
        {
            Run(null, "--version");
            return File.Exists("/usr/lib/git-core/git-daemon");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    public static string Run(string? directory, params string[] args) => Run(directory, args, []);

    public static string Run(string? directory, string[] args, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (directory is not null)
        {
            start.ArgumentList.Add("-C");
            start.ArgumentList.Add(directory);
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["HOME"] = Path.GetTempPath();
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', args)} failed: {stderr}");
        }

        return stdout.Result;
    }
}

/// <summary>A real <c>git daemon</c> on 127.0.0.1 serving (and accepting pushes to) the bare repositories under a folder.</summary>
internal sealed class GitDaemon : IDisposable
{
    private readonly Process _process;

    private GitDaemon(Process process, string basePath, int port)
    {
        _process = process;
        BasePath = basePath;
        Port = port;
    }

    public string BasePath { get; }

    public int Port { get; }

    public string Url(string repository) => $"git://127.0.0.1:{Port}/{repository}";

    public static GitDaemon Start(string basePath)
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var start = new ProcessStartInfo("git") { UseShellExecute = false, RedirectStandardError = true };
        foreach (var arg in new[] { "daemon", "--listen=127.0.0.1", $"--port={port}", "--base-path=" + basePath, "--export-all", "--enable=receive-pack", "--reuseaddr", basePath })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        for (var i = 0; i < 200; i++)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return new GitDaemon(process, basePath, port);
            }
            catch (SocketException)
            {
                Thread.Sleep(25);
            }
        }

        process.Kill();
        throw new InvalidOperationException("git daemon did not start");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}
