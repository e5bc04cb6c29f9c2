using System.CommandLine;

namespace GitOps.Cli.Tests;

/// <summary>
/// Walks the whole command tree with bad arguments (missing required ones, unknown options, values that do not
/// parse or are out of range): every command answers with one line on stderr, a non-zero exit and no stack trace.
/// </summary>
public sealed class BadArgumentsTests
{
    private static IEnumerable<TestCaseData> BadInvocations()
    {
        static IEnumerable<(string[] Path, Command Command)> Leaves(Command command, string[] path)
        {
            if (command.Subcommands.Count == 0)
            {
                yield return (path, command);
            }

            foreach (var child in command.Subcommands)
            {
                foreach (var leaf in Leaves(child, [.. path, child.Name]))
                {
                    yield return leaf;
                }
            }
        }

        foreach (var (path, command) in Leaves(GitOpsCommandLine.CreateRootCommand(), []))
        {
            var name = string.Join(' ', path);
            yield return new TestCaseData((object)(string[])[.. path, "--no-such-option"]).SetArgDisplayNames(name, "--no-such-option");
            if (command.Arguments.Any(a => a.Arity.MinimumNumberOfValues > 0) || command.Options.Any(o => o.Required))
            {
                yield return new TestCaseData((object)path).SetArgDisplayNames(name, "(nothing)");
            }

            foreach (var option in command.Options)
            {
                var type = option.ValueType;
                string[] values = type == typeof(int) || type == typeof(int?) || type == typeof(long) || type == typeof(long?)
                    ? ["abc", "99999999999999999999", "-1", "0"]
                    : type == typeof(TimeSpan) ? ["abc", "-5s", "0"] : [];
                foreach (var value in values)
                {
                    // The command's required arguments are left out too, so nothing ever runs for real.
                    yield return new TestCaseData((object)(string[])[.. path, option.Name, value]).SetArgDisplayNames(name, option.Name, value);
                }
            }
        }
    }

    [TestCaseSource(nameof(BadInvocations))]
    public async Task A_bad_invocation_is_one_line_on_stderr_and_a_non_zero_exit(string[] args)
    {
        var run = await CliRun.RunAsync(args);
        var lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Not.Zero);
            Assert.That(lines, Has.Length.EqualTo(1), run.Error);
            Assert.That(run.Error, Does.StartWith("error: "));
            Assert.That(run.Error + run.Output, Does.Not.Contain("   at "));
        });
    }

    [TestCase("artifact", "fetch", "http://127.0.0.1:1/a.tar.gz", "--no-digest", "--dest", "DEST", "--max-entries", "-1")]
    [TestCase("artifact", "fetch", "http://127.0.0.1:1/a.tar.gz", "--no-digest", "--dest", "DEST", "--retries", "-1")]
    [TestCase("artifact", "fetch", "http://127.0.0.1:1/a.tar.gz", "--no-digest", "--dest", "DEST", "--max-download-bytes", "0")]
    [TestCase("artifact", "fetch", "http://127.0.0.1:1/a.tar.gz", "--no-digest", "--dest", "/")]
    [TestCase("artifact", "fetch", "http://127.0.0.1:1/a.tar.gz", "--no-digest", "--dest", "DEST", "--retries", "0")]
    [TestCase("helm", "index", "http://127.0.0.1:1/charts", "--max-index-bytes", "0")]
    [TestCase("helm", "index", "http://127.0.0.1:1/charts", "--retries", "0")]
    [TestCase("helm", "index", "http://127.0.0.1:1/charts", "--retries", "99999")]
    [TestCase("helm", "pull", "file:///etc", "demo", "--dest", "DEST", "--retries", "0")]
    [TestCase("helm", "pull", "http://user:secret@127.0.0.1:1/charts", "demo", "--dest", "DEST", "--retries", "0")]
    public async Task A_value_the_sdk_refuses_or_an_unreachable_server_is_one_line_without_secrets(params string[] args)
    {
        using var work = new GitOps.Testing.TemporaryDirectory();
        var run = await CliRun.RunAsync([.. args.Select(a => a == "DEST" ? work.Combine("dest") : a)]);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Not.Zero);
            Assert.That(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(1), run.Error);
            Assert.That(run.Error, Does.Not.Contain("   at ").And.Not.Contain("secret"));
        });
    }
}
