namespace GitOps.Oci.Tests.Support;

/// <summary>Finds the server programs the tests start; missing ones ignore the test (fail it under CI=true, which installs them).</summary>
internal static class ServerBinaries
{
    public static string Require(string name, string package)
    {
        var path = Find(name);
        if (path is not null)
        {
            return path;
        }

        var message = $"{name} is not installed (Debian package {package}): run .ci/install.sh";
        if (GitOps.Testing.SharedData.IsCi)
        {
            Assert.Fail(message + " CI=true, so a missing server is a failure.");
        }

        Assert.Ignore(message);
        return null!;
    }

    public static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);

    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
