namespace GitOps.Cli;

/// <summary>The process exit codes of the <c>gitops</c> tool.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>Bad input, or the operation failed; a message on stderr says which.</summary>
    public const int Failure = 1;

    /// <summary>The operation ran but reported a conflict (server-side apply conflicts).</summary>
    public const int Conflict = 2;
}
