using System.CommandLine;
using GitOps.Cli.Commands;

namespace GitOps.Cli;

/// <summary>Builds the <c>gitops</c> command tree and runs it.</summary>
internal static class GitOpsCommandLine
{
    /// <summary>Builds the root command. Each capability adds its subcommands here once it works.</summary>
    public static RootCommand CreateRootCommand()
    {
        var root = new RootCommand(
            "gitops: GitOps reconciliation primitives (artifacts, Helm, kustomize, server-side apply) from the GitOps SDK for .NET.");
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(SsaCommand.Create());
        root.Subcommands.Add(KustomizeCommand.Create());
        root.Subcommands.Add(HelmCommand.Create());
        root.Subcommands.Add(ArtifactCommand.Create());
        root.Subcommands.Add(OciCommand.Create());
        root.Subcommands.Add(BucketCommand.Create());
        root.Subcommands.Add(GitCommand.Create());
        root.Subcommands.Add(ImageCommand.Create());
        root.Subcommands.Add(NotifyCommand.Create());
        root.Subcommands.Add(ClusterDiffApplyCommands.CreateDiff());
        root.Subcommands.Add(ClusterDiffApplyCommands.CreateApply());
        root.Subcommands.Add(ClusterCommand.Create());
        return root;
    }

    /// <summary>Parses <paramref name="args"/>, runs the chosen command and returns its exit code.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var root = CreateRootCommand();
        var configuration = new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null };
        ParseResult parsed;
        try
        {
            parsed = root.Parse(args);
        }
        catch (InvalidOperationException ex)
        {
            // A command's validator read a value that does not parse (System.CommandLine throws from GetValue then).
            await error.WriteLineAsync($"error: {ex.Message.ReplaceLineEndings(" ")}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        if (parsed.Errors.Count > 0 && parsed.Action is not System.CommandLine.Help.HelpAction)
        {
            // Bad arguments: one line on stderr (the first error: an unknown token, then a bad number, before a missing
            // argument), never the help text or a list.
            var first = parsed.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal))?.Message
                ?? NumberOption.FirstError(parsed)
                ?? parsed.Errors[0].Message;
            await error.WriteLineAsync($"error: {first.ReplaceLineEndings(" ")} (see {CommandPath(parsed.CommandResult)} --help)").ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        return await parsed.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>"gitops artifact fetch" for the command a parse stopped at.</summary>
    private static string CommandPath(System.CommandLine.Parsing.CommandResult result)
    {
        var names = new List<string>();
        for (var current = result; current is not null && current.Command is not RootCommand; current = current.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Insert(0, current.Command.Name);
        }

        return string.Join(' ', names.Prepend("gitops"));
    }
}
