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
        root.Subcommands.Add(ClusterCommand.Create());
        return root;
    }

    /// <summary>Parses <paramref name="args"/>, runs the chosen command and returns its exit code.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var root = CreateRootCommand();
        var configuration = new InvocationConfiguration { Output = output, Error = error };
        return await root.Parse(args).InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
    }
}
