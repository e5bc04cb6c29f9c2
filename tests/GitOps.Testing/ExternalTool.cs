using System.Diagnostics;
using NUnit.Framework;

namespace GitOps.Testing;

/// <summary>Runs the real OpenSSH, gpg and git programs the tests compare against.</summary>
public static class ExternalTool
{
    public sealed record Result(int ExitCode, string Output, string Error);

    /// <summary>Ignores the test (fails it under CI=true) when <paramref name="program"/> is not installed.</summary>
    public static string Require(string program)
    {
        var found = program.StartsWith('/')
            ? (File.Exists(program) ? program : null)
            : (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':')
                .Select(directory => Path.Combine(directory, program)).FirstOrDefault(File.Exists);
        if (found is null)
        {
            var message = $"{program} is not installed: run .ci/install.sh";
            if (SharedData.IsCi)
            {
                Assert.Fail(message + " (CI=true, so this is a failure)");
            }

            Assert.Ignore(message);
        }

        return found!;
    }

    public static Result Run(string program, IEnumerable<string> arguments, string? input = null, IDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(Require(program))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            process.StandardInput.Write(input);
        }

        process.StandardInput.Close();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} {string.Join(' ', arguments)} did not finish in 2 minutes");
        }

        return new Result(process.ExitCode, output.Result, error.Result);
    }

    public static Result Run(string program, params string[] arguments) => Run(program, (IEnumerable<string>)arguments);

    /// <summary>Runs and fails the test unless the program exits 0; returns its stdout.</summary>
    public static string Check(string program, params string[] arguments)
    {
        var result = Run(program, arguments);
        Assert.That(result.ExitCode, Is.Zero, $"{program} {string.Join(' ', arguments)}: {result.Error}");
        return result.Output;
    }
}
