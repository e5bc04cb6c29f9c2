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
        var flux = new Option<bool>("--flux") { Description = "Build as Flux's kustomize-controller does: generate or amend the kustomization, substitute post-build variables." };
        var targetNamespace = new Option<string?>("--target-namespace") { Description = "With --flux: the Kustomization's spec.targetNamespace." };
        var substitute = new Option<string[]>("--substitute") { Description = "With --flux: a post-build variable KEY=VALUE (repeatable; wins over files)." };
        var substituteFrom = new Option<string[]>("--substitute-from") { Description = "With --flux: a variables file (.env KEY=VALUE lines, or a YAML/JSON ConfigMap, Secret or flat mapping); repeatable, read in order." };
        var build = new Command("build", "Build a kustomization directory and print the objects as kubectl kustomize does.")
        {
            directory,
            allowedRoot,
            flux,
            targetNamespace,
            substitute,
            substituteFrom,
        };
        build.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, async output =>
        {
            var substitutes = parseResult.GetValue(substitute) ?? [];
            var files = parseResult.GetValue(substituteFrom) ?? [];
            Action<IBufferWriter<byte>> writeYaml;
            if (parseResult.GetValue(flux))
            {
                var fluxResult = await KustomizeFluxBuild.BuildAsync(
                    parseResult.GetValue(directory)!, parseResult.GetValue(allowedRoot), parseResult.GetValue(targetNamespace), substitutes, files, cancellationToken).ConfigureAwait(false);
                writeYaml = fluxResult.WriteYaml;
            }
            else if (parseResult.GetValue(targetNamespace) is not null || substitutes.Length > 0 || files.Length > 0)
            {
                throw new ArgumentException("--target-namespace, --substitute and --substitute-from need --flux");
            }
            else
            {
                var options = new KustomizeBuildOptions { AllowedRoot = parseResult.GetValue(allowedRoot) };
                var result = await new KustomizeBuilder()
                    .BuildAsync(parseResult.GetValue(directory)!, options, cancellationToken)
                    .ConfigureAwait(false);
                writeYaml = result.WriteYaml;
            }

            // The build is complete before the first byte is printed, so a failed build prints nothing.
            if (output == Console.Out)
            {
                using var stdout = Console.OpenStandardOutput();
                var writer = new ChunkedStreamWriter(stdout);
                writeYaml(writer);
                writer.Flush();
            }
            else
            {
                var buffer = new ArrayBufferWriter<byte>();
                writeYaml(buffer);
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
