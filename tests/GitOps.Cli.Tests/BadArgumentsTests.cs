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
                string[] values = type == typeof(TimeSpan) ? ["abc", "-5s", "0"] : [];
                foreach (var value in values)
                {
                    // The command's required arguments are left out too, so nothing ever runs for real.
                    yield return new TestCaseData((object)(string[])[.. path, option.Name, value]).SetArgDisplayNames(name, option.Name, value);
                }
            }
        }
    }

    private static readonly Type[] NumberTypes = [typeof(int), typeof(int?), typeof(long), typeof(long?), typeof(double), typeof(double?)];

    /// <summary>Every numeric option of every command, with the range this test expects of it.</summary>
    private static IEnumerable<(string Path, Option Option, string Minimum, string Maximum)> NumericOptions()
    {
        foreach (var (path, command) in Leaves(GitOpsCommandLine.CreateRootCommand(), []))
        {
            foreach (var option in command.Options.Where(o => NumberTypes.Contains(o.ValueType)))
            {
                var (minimum, maximum) = ExpectedRange(string.Join(' ', path), option.Name);
                yield return (string.Join(' ', path), option, minimum, maximum);
            }
        }
    }

    private static IEnumerable<(string[] Path, Command Command)> Leaves(Command command, string[] path)
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

    private const string IntMax = "2147483647";
    private const string LongMax = "9223372036854775807";

    /// <summary>The range of each numeric option, written out here (not read from the CLI), so that a change shows.</summary>
    private static (string Minimum, string Maximum) ExpectedRange(string command, string option) => option switch
    {
        "--timeout" when command == "git known-hosts" => ("1", "600"),
        "--timeout" when command.StartsWith("git", StringComparison.Ordinal) => ("1", "2147483"),
        "--timeout" when command.StartsWith("oci", StringComparison.Ordinal) || command.StartsWith("image", StringComparison.Ordinal) || command.StartsWith("bucket", StringComparison.Ordinal) => ("0.001", "2147483"),
        "--port" => ("1", "65535"),
        "--depth" => ("0", "1"),
        "--retries" => ("0", "100"),
        "--jobs" or "--concurrency" => ("1", "1024"),
        "--max-entries" or "--max-objects" => ("1", IntMax),
        "--max-download-bytes" or "--max-extracted-bytes" or "--max-file-bytes" or "--max-index-bytes" or "--max-blob-bytes" or "--max-object-bytes" or "--max-total-bytes" => ("1", LongMax),
        _ => throw new AssertionException($"{command} {option}: a numeric option this test does not know; add its range to ExpectedRange"),
    };

    private static IEnumerable<TestCaseData> OutOfRangeNumbers()
    {
        foreach (var (path, option, minimum, maximum) in NumericOptions())
        {
            var whole = option.ValueType != typeof(double) && option.ValueType != typeof(double?);
            var below = decimal.Parse(minimum, System.Globalization.CultureInfo.InvariantCulture) - (whole ? 1 : 0.001m);
            var above = decimal.Parse(maximum, System.Globalization.CultureInfo.InvariantCulture) + 1;
            string[] values = ["abc", "99999999999999999999", "-1", "0", below.ToString(System.Globalization.CultureInfo.InvariantCulture), above.ToString(System.Globalization.CultureInfo.InvariantCulture), whole ? "1.5" : "NaN", "1e400"];
            foreach (var value in values.Distinct())
            {
                if (decimal.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var number)
                    && number >= decimal.Parse(minimum, System.Globalization.CultureInfo.InvariantCulture)
                    && number <= decimal.Parse(maximum, System.Globalization.CultureInfo.InvariantCulture)
                    && (!whole || decimal.IsInteger(number)))
                {
                    continue; // in range: not a bad value
                }

                var expected = $"error: {option.Name} must be between {minimum} and {maximum}, not {value} (see gitops {path} --help)";
                yield return new TestCaseData(expected, (string[])[.. path.Split(' '), option.Name, value]).SetArgDisplayNames(path, option.Name, value);
            }
        }
    }

    [Test]
    public void Every_numeric_option_of_the_tree_has_a_range_here()
    {
        Assert.That(NumericOptions().Count(), Is.GreaterThanOrEqualTo(20));
    }

    /// <summary>
    /// A number out of its option's range, beyond its type, or not a number: one line in our own wording, naming the
    /// option as typed, before any missing argument of the command (which are all left out, so nothing runs).
    /// </summary>
    [TestCaseSource(nameof(OutOfRangeNumbers))]
    public async Task A_bad_number_names_the_option_and_its_range_in_one_line(string expected, string[] args)
    {
        var run = await CliRun.RunAsync(args);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Not.Zero);
            Assert.That(run.Error, Is.EqualTo(expected + Environment.NewLine));
        });
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

    [TestCase("artifact", "fetch", "http://127.0.0.1:1/a.tar.gz", "--no-digest", "--dest", "/")]
    [TestCase("artifact", "fetch", "http://127.0.0.1:1/a.tar.gz", "--no-digest", "--dest", "DEST", "--retries", "0")]
    [TestCase("helm", "index", "http://127.0.0.1:1/charts", "--retries", "0")]
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
