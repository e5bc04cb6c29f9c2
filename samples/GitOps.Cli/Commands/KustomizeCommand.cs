using System.Buffers;
using System.CommandLine;
using GitOps.Kustomize;

namespace GitOps.Cli.Commands;

/// <summary><c>gitops kustomize build DIR</c>: prints exactly what <c>kubectl kustomize DIR</c> prints.</summary>
internal static class KustomizeCommand
{
    public static Command Create()
    {
        var directory = new Argument<string>("DIR")
        {
            Description = "The directory holding kustomization.yaml (default: the current directory).",
            Arity = ArgumentArity.ZeroOrOne,
            DefaultValueFactory = _ => ".",
        };
        var allowedRoot = new Option<string?>("--allowed-root")
        {
            Description = "Refuse to read anything outside this directory (after resolving symlinks). Default: kustomize's own rules only.",
        };
        var build = new Command("build", "Build a kustomization directory and print the objects as kubectl kustomize does.")
        {
            directory,
            allowedRoot,
        };
        build.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, async output =>
        {
            var options = new KustomizeBuildOptions { AllowedRoot = parseResult.GetValue(allowedRoot) };
            var result = await new KustomizeBuilder()
                .BuildAsync(parseResult.GetValue(directory)!, options, cancellationToken)
                .ConfigureAwait(false);
            var buffer = new ArrayBufferWriter<byte>();
            result.WriteYaml(buffer);
            if (output == Console.Out)
            {
                using var stdout = Console.OpenStandardOutput();
                await stdout.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await output.WriteAsync(System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan)).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        }));

        return new Command("kustomize", "Native kustomize (v5.5-compatible) builds.")
        {
            build,
        };
    }
}
