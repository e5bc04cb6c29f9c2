using System.CommandLine;
using GitOps.Kubernetes.Emulator.Http;

namespace GitOps.Cli.Commands;

/// <summary><c>gitops cluster serve</c>: a Kubernetes API server emulator on 127.0.0.1 until Ctrl-C.</summary>
internal static class ClusterCommand
{
    public static Command Create()
    {
        var port = NumberOption.Create("--port", "The port on 127.0.0.1, 1-65535 (default: a free one).", 0, 1, 65535);
        var kubeconfig = new Option<string?>("--kubeconfig-out") { Description = "Write a kubeconfig for this server to FILE (owner-only)." };
        var insecure = new Option<bool>("--insecure-http") { Description = "Serve plain HTTP instead of HTTPS with a throw-away CA." };
        var serve = new Command("serve", "Serve the Kubernetes API (discovery, OpenAPI, CRUD, server-side apply, watch) from memory on 127.0.0.1 until Ctrl-C.")
        {
            port, kubeconfig, insecure,
        };
        serve.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, async output =>
        {
            var options = new KubernetesEmulatorOptions { Port = parseResult.GetValue(port), UseHttps = !parseResult.GetValue(insecure) };
            var emulator = await KubernetesEmulator.StartAsync(options, cancellationToken: cancellationToken).ConfigureAwait(false);
            await using var stop = emulator.ConfigureAwait(false);
            var file = parseResult.GetValue(kubeconfig);
            if (file is not null)
            {
                await emulator.WriteKubeconfigAsync(file, cancellationToken).ConfigureAwait(false);
            }

            await output.WriteLineAsync($"serving the Kubernetes API on {emulator.BaseAddress.GetLeftPart(UriPartial.Authority)}").ConfigureAwait(false);
            await output.WriteLineAsync(file is null ? "kubeconfig: pass --kubeconfig-out FILE to write one" : $"kubeconfig: {Path.GetFullPath(file)}").ConfigureAwait(false);
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Ctrl-C: stop serving.
            }

            return ExitCodes.Success;
        }));
        return new Command("cluster", "A Kubernetes API server emulator for tests and demos.") { serve };
    }
}
