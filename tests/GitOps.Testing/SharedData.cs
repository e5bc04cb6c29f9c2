using System.Reflection;
using NUnit.Framework;

namespace GitOps.Testing;

/// <summary>
/// Finds the reference data that lives beside the repository in <c>../shared</c> (conformance corpora,
/// oracles, schemas). It is read in place, never copied into the project. Where it is absent (a user's
/// fresh clone) tests that need it are ignored with a clear message; under <c>CI=true</c> its absence
/// fails them.
/// </summary>
public static class SharedData
{
    /// <summary>Environment variable that points at another copy of the shared directory.</summary>
    public const string EnvironmentVariable = "GITOPS_SHARED_DIR";

    private static readonly Lazy<string?> Root = new(Locate);

    /// <summary>The repository root (the directory holding GitOps.slnx).</summary>
    public static string RepositoryRoot { get; } = typeof(SharedData).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "GitOpsRepositoryRoot").Value!;

    /// <summary>Whether this run is CI's (<c>CI=true</c>), where missing shared data is a failure.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The shared directory, or null where there is none.</summary>
    public static string? TryGetRoot() => Root.Value;

    /// <summary>
    /// The full path of <paramref name="relativePath"/> inside the shared directory. Where it does not
    /// exist the calling test is ignored (or failed, under CI) with a message naming what is missing.
    /// </summary>
    public static string Require(string relativePath)
    {
        var root = Root.Value;
        var full = root is null ? null : Path.GetFullPath(Path.Combine(root, relativePath));
        if (full is not null && (File.Exists(full) || Directory.Exists(full)))
        {
            return full;
        }

        var message = root is null
            ? $"The shared reference data is not here: no {EnvironmentVariable} and no ../shared beside {RepositoryRoot}. Needed: {relativePath}."
            : $"The shared reference data at {root} lacks {relativePath}.";
        if (IsCi)
        {
            Assert.Fail(message + " CI=true, so missing reference data is a failure.");
        }

        Assert.Ignore(message + " Put the shared directory beside the repository (or set " + EnvironmentVariable + ") to run this test.");
        return null!; // unreachable: Assert.Ignore throws
    }

    /// <summary>
    /// Where data-driven test sources must enumerate cases before any test runs: the full path of
    /// <paramref name="relativePath"/>, or null where it is missing (the source then yields one case
    /// that calls <see cref="Require"/> to ignore or fail with the message).
    /// </summary>
    public static string? TryResolve(string relativePath)
    {
        var root = Root.Value;
        if (root is null)
        {
            return null;
        }

        var full = Path.GetFullPath(Path.Combine(root, relativePath));
        return File.Exists(full) || Directory.Exists(full) ? full : null;
    }

    private static string? Locate()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return Directory.Exists(fromEnvironment) ? Path.GetFullPath(fromEnvironment) : null;
        }

        var beside = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));
        return Directory.Exists(beside) ? beside : null;
    }
}
