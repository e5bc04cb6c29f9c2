using GitOps.Oci.Tests.Support;

namespace GitOps.Oci.Tests;

/// <summary>One registry per mode for the whole test run, started on first use and stopped at the end.</summary>
[SetUpFixture]
internal sealed class Registries
{
    private static readonly Dictionary<RegistryMode, Task<RegistryServer>> Started = [];

    public static Task<RegistryServer> GetAsync(RegistryMode mode)
    {
        ServerBinaries.Require("docker-registry", "docker-registry");
        lock (Started)
        {
            if (!Started.TryGetValue(mode, out var server))
            {
                server = RegistryServer.StartAsync(mode);
                Started[mode] = server;
            }

            return server;
        }
    }

    [OneTimeTearDown]
    public async Task StopAllAsync()
    {
        Task<RegistryServer>[] servers;
        lock (Started)
        {
            servers = [.. Started.Values];
            Started.Clear();
        }

        foreach (var server in servers)
        {
            if (server.IsCompletedSuccessfully)
            {
                await server.Result.DisposeAsync();
            }
        }
    }
}
