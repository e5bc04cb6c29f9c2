namespace GitOps.Notifications;

/// <summary>Settings of a commit-status provider (<see cref="GitHubCommitStatusProvider"/>, <see cref="GitLabCommitStatusProvider"/>).</summary>
public sealed class CommitStatusOptions
{
    /// <summary>
    /// The repository address as Flux's Provider <c>spec.address</c> takes it: <c>https://github.com/org/repo</c>,
    /// <c>https://gitlab.example/group/sub/project.git</c>, <c>ssh://git@host/org/repo</c> or <c>git@host:org/repo.git</c>
    /// (SSH forms address the API over https on the same host). Required.
    /// </summary>
    public string Address { get; set; } = string.Empty;

    /// <summary>The API token (GitHub: <c>Authorization: Bearer</c>; GitLab: <c>PRIVATE-TOKEN</c>). Required; never logged.</summary>
    public string Token { get; set; } = string.Empty;

    /// <summary>
    /// The Provider object's UID: its first segment makes the status context unique per cluster
    /// (<c>kind/name/uidprefix</c>, as notification-controller names it). Required.
    /// </summary>
    public string ProviderUid { get; set; } = string.Empty;

    /// <summary>Timeout, proxy and certificate authorities (commit statuses are not retried, as in Flux).</summary>
    public NotificationTransportOptions Transport { get; set; } = new();

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentException">A required setting is missing or a setting is out of range.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Address, nameof(Address));
        if (string.IsNullOrEmpty(Token))
        {
            throw new ArgumentException("a token is required", nameof(Token));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(ProviderUid, nameof(ProviderUid));
        ArgumentNullException.ThrowIfNull(Transport, nameof(Transport));
        Transport.Validate();
    }
}
