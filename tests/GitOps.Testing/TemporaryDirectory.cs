namespace GitOps.Testing;

/// <summary>A directory under the system temp folder that is deleted when disposed.</summary>
public sealed class TemporaryDirectory : IDisposable
{
    /// <summary>Creates a new, empty directory.</summary>
    public TemporaryDirectory()
    {
        Path = Directory.CreateTempSubdirectory("gitops-test-").FullName;
    }

    /// <summary>The directory's full path.</summary>
    public string Path { get; }

    /// <summary>The full path of <paramref name="relative"/> inside this directory.</summary>
    public string Combine(params string[] relative) => System.IO.Path.Combine([Path, .. relative]);

    /// <summary>Writes a file (creating its folders) and returns its full path.</summary>
    public string WriteFile(string relative, string content)
    {
        var full = Combine(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            if (Directory.Exists(Path))
            {
                Directory.Delete(Path, recursive: true);
            }
        }
        catch (IOException)
        {
            // A test that left a file open must not fail the run on cleanup.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
