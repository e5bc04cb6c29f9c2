using System.CommandLine;

namespace GitOps.Cli.Tests;

public sealed class CommandLineTests
{
    private static IEnumerable<string[]> EveryCommandPath()
    {
        static IEnumerable<string[]> Walk(Command command, string[] path)
        {
            yield return path;
            foreach (var child in command.Subcommands)
            {
                foreach (var p in Walk(child, [.. path, child.Name]))
                {
                    yield return p;
                }
            }
        }

        return Walk(GitOpsCommandLine.CreateRootCommand(), []);
    }

    [TestCaseSource(nameof(EveryCommandPath))]
    public async Task Help_works_on_every_level(string[] path)
    {
        var run = await CliRun.RunAsync([.. path, "--help"]);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Zero);
            Assert.That(run.Output, Does.Contain("Usage:"));
            Assert.That(run.Error, Is.Empty);
        });
    }

    [Test]
    public async Task The_root_help_lists_the_demo()
    {
        var run = await CliRun.RunAsync("--help");

        Assert.That(run.Output, Does.Contain("demo"));
    }

    [Test]
    public async Task An_unknown_command_fails_with_a_message_naming_it()
    {
        var run = await CliRun.RunAsync("frobnicate");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Not.Zero);
            Assert.That(run.Error, Does.Contain("frobnicate"));
        });
    }

    [Test]
    public async Task An_unknown_option_fails_with_a_message_naming_it()
    {
        var run = await CliRun.RunAsync("demo", "--no-such-option");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Not.Zero);
            Assert.That(run.Error, Does.Contain("--no-such-option"));
        });
    }
}
