namespace GitOps.Git.Writing;

/// <summary>Where <see cref="IGitWriter.PushAsync"/> pushes.</summary>
public sealed class PushOptions
{
    /// <summary>The remote branch to push HEAD to (created if it does not exist). Required.</summary>
    public string Branch { get; set; } = string.Empty;

    /// <summary>Overwrite the remote branch even when it is not an ancestor. Default false.</summary>
    public bool Force { get; set; }

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentException">No branch, or one git would refuse.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Branch, nameof(Branch));
        if (Branch.StartsWith('-') || Branch.StartsWith("refs/", StringComparison.Ordinal) || Branch.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException($"'{Branch}' is not a branch name", nameof(Branch));
        }
    }
}
