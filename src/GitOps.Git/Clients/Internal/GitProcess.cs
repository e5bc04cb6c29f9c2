using System.Diagnostics;
using System.Text;
using GitOps.Git.Auth.Internal;
using GitOps.Git.Internal;

namespace GitOps.Git.Clients.Internal;

/// <summary>What a git process printed and how it ended.</summary>
internal sealed record GitProcessResult(int ExitCode, string Output, string Error);

/// <summary>Runs git with a call's environment, a deadline and cancellation; kills the whole process tree when either fires.</summary>
internal static class GitProcess
{
    private const int MaxCapturedChars = 4 * 1024 * 1024;

    public static async Task<GitProcessResult> RunAsync(
        GitClientOptions options,
        GitEnvironment environment,
        string? workingDirectory,
        IReadOnlyList<string> arguments,
        SecretRedactor redactor,
        CancellationToken cancellationToken)
    {
        using var process = Start(options, environment, workingDirectory, arguments);
        process.StandardInput.Close();
        var output = ReadCappedAsync(process.StandardOutput);
        var error = ReadCappedAsync(process.StandardError);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            cancellationToken.ThrowIfCancellationRequested();
            throw new GitTimeoutException($"git {Describe(arguments)} did not finish within {options.Timeout.TotalSeconds:0.#} s");
        }

        var result = new GitProcessResult(process.ExitCode, await output.ConfigureAwait(false), redactor.Redact(await error.ConfigureAwait(false)));
        return result;
    }

    /// <summary>Starts git with a call's environment, its three standard streams redirected (the caller reads and ends it).</summary>
    public static Process Start(GitClientOptions options, GitEnvironment environment, string? workingDirectory, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(options.GitExecutable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            CreateNoWindow = true,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment.Variables)
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            process.Dispose();
            throw new GitUnsupportedException($"cannot run '{options.GitExecutable}': {e.Message} (install git, or use the LibGit2Sharp backend)", e);
        }

        return process;
    }

    private static string Describe(IReadOnlyList<string> arguments) =>
        arguments.FirstOrDefault(a => !a.StartsWith('-') && a != "-c") ?? "command";

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static async Task<string> ReadCappedAsync(StreamReader reader)
    {
        var text = new StringBuilder();
        var buffer = new char[8192];
        int read;
        while ((read = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            if (text.Length < MaxCapturedChars)
            {
                text.Append(buffer, 0, Math.Min(read, MaxCapturedChars - text.Length));
            }
        }

        return text.ToString();
    }
}
