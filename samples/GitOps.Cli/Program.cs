using System.Runtime.InteropServices;
using GitOps.Cli;

// Ctrl-C (SIGINT) and SIGTERM (what `kill`, systemd and Kubernetes send) cancel the command's token instead of
// ending the process at once, so that a fetch or pull stops promptly, removes its staging directory and says
// so in one line (System.CommandLine's own Ctrl-C handling is off: it returns before the command has cleaned up).
using var terminated = new CancellationTokenSource();
void Cancel(PosixSignalContext context)
{
    context.Cancel = true;
    terminated.Cancel();
}

using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
return await GitOpsCommandLine.RunAsync(args, Console.Out, Console.Error, terminated.Token).ConfigureAwait(false);
