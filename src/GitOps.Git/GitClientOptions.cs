namespace GitOps.Git;

/// <summary>Settings shared by every call of a Git client. The defaults are safe for a controller.</summary>
public sealed class GitClientOptions
{
    /// <summary>
    /// The longest a whole clone, ls-remote or push may take (every git process, libgit2 call and retry in it
    /// together) before it is stopped with a <see cref="GitTimeoutException"/>. Default 60 s, as a
    /// GitRepository's <c>spec.timeout</c>.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Which implementation does the reading. Default <see cref="GitBackend.Auto"/>: LibGit2Sharp where it can,
    /// the git command line where it cannot (see the package README).
    /// </summary>
    public GitBackend Backend { get; set; } = GitBackend.Auto;

    /// <summary>The git executable for the command-line implementation. Default <c>git</c> (found on PATH).</summary>
    public string GitExecutable { get; set; } = "git";

    /// <summary>The ssh executable used for SSH remotes. Default <c>ssh</c> (found on PATH).</summary>
    public string SshExecutable { get; set; } = "ssh";

    /// <summary>
    /// Where the per-call private folders for keys, known_hosts and certificates are made (mode 0700, files 0600,
    /// deleted after the call). Default the system temp folder.
    /// </summary>
    public string? TemporaryDirectory { get; set; }

    /// <summary>
    /// How many times libgit2 may ask for credentials in one call before it is stopped (a wrong password makes
    /// it ask again and again). Default 1.
    /// </summary>
    public int MaxCredentialAttempts { get; set; } = 1;

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    /// <exception cref="ArgumentException">An executable is empty.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Timeout, TimeSpan.Zero, nameof(Timeout));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Timeout, TimeSpan.FromDays(1), nameof(Timeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxCredentialAttempts, 1, nameof(MaxCredentialAttempts));
        ArgumentException.ThrowIfNullOrWhiteSpace(GitExecutable, nameof(GitExecutable));
        ArgumentException.ThrowIfNullOrWhiteSpace(SshExecutable, nameof(SshExecutable));
        if (!Enum.IsDefined(Backend))
        {
            throw new ArgumentOutOfRangeException(nameof(Backend));
        }
    }
}

/// <summary>Which implementation reads repositories.</summary>
public enum GitBackend
{
    /// <summary>LibGit2Sharp where it can do what is asked, the git command line otherwise.</summary>
    Auto,

    /// <summary>Always LibGit2Sharp; what it cannot do fails with <see cref="GitUnsupportedException"/>.</summary>
    LibGit2Sharp,

    /// <summary>Always the git command line.</summary>
    GitCli,
}
