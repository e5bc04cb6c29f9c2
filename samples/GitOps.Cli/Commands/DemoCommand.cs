using System.CommandLine;
using GitOps.Cli.Demo;

namespace GitOps.Cli.Commands;

/// <summary><c>gitops demo</c>: the main job, the whole pipeline on the embedded sample application.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var workDir = new Option<DirectoryInfo?>("--work-dir")
        {
            Description = "Directory to run the pipeline in (default: a new temporary directory, removed afterwards).",
        };
        var keep = new Option<bool>("--keep")
        {
            Description = "Keep the temporary work directory instead of removing it.",
        };
        var command = new Command("demo", "Run the whole GitOps pipeline on the embedded sample application and print what each step did.")
        {
            workDir,
            keep,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, output =>
            DemoPipeline.RunAsync(output, parseResult.GetValue(workDir), parseResult.GetValue(keep), cancellationToken)));
        return command;
    }
}
