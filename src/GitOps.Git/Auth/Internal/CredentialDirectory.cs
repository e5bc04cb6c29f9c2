using System.Text;

namespace GitOps.Git.Auth.Internal;

/// <summary>
/// A private folder (0700) for one call's keys, known_hosts and certificates, each written 0600 and all deleted
/// when the call ends. OpenSSH and git read credentials from files; this keeps them out of any shared place.
/// </summary>
internal sealed class CredentialDirectory : IDisposable
{
    private CredentialDirectory(string path) => Path = path;

    public string Path { get; }

    public static CredentialDirectory Create(string? parent)
    {
        var root = parent ?? System.IO.Path.GetTempPath();
        var path = System.IO.Path.Combine(root, "gitops-git-" + Guid.NewGuid().ToString("N"));
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return new CredentialDirectory(path);
    }

    /// <summary>Writes <paramref name="content"/> to a new file readable by the owner only; returns its path.</summary>
    public string Write(string name, string content, bool executable = false)
    {
        var file = System.IO.Path.Combine(Path, name);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | (executable ? UnixFileMode.UserExecute : 0);
        }

        using (var stream = new FileStream(file, options))
        {
            var bytes = Encoding.UTF8.GetBytes(NormaliseLineEnd(content));
            stream.Write(bytes);
        }

        return file;
    }

    // OpenSSH refuses a key whose last line has no newline.
    private static string NormaliseLineEnd(string content) =>
        content.Replace("\r\n", "\n", StringComparison.Ordinal).EndsWith('\n') ? content.Replace("\r\n", "\n", StringComparison.Ordinal) : content.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the folder is private to this user either way.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
