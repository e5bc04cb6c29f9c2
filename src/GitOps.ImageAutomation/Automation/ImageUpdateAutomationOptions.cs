namespace GitOps.ImageAutomation.Automation;

/// <summary>An ImageUpdateAutomation's settings (<c>spec.sourceRef</c>, <c>spec.git</c>, <c>spec.update</c>).</summary>
public sealed class ImageUpdateAutomationOptions
{
    /// <summary>The repository to clone and push to. Required.</summary>
    public string RepositoryUrl { get; set; } = string.Empty;

    /// <summary>The branch to check out (<c>spec.git.checkout.ref.branch</c>). Default <c>main</c>.</summary>
    public string CheckoutBranch { get; set; } = "main";

    /// <summary>The branch to push to (<c>spec.git.push.branch</c>); the checkout branch when null (default).</summary>
    public string? PushBranch { get; set; }

    /// <summary>The directory the setters walk, relative to the repository root (<c>spec.update.path</c>); it cannot leave the clone. Default the root.</summary>
    public string UpdatePath { get; set; } = ".";

    /// <summary>The commit author. Default <c>fluxcdbot &lt;fluxcdbot@users.noreply.github.com&gt;</c>.</summary>
    public GitCommitAuthor Author { get; set; } = new("fluxcdbot", "fluxcdbot@users.noreply.github.com");

    /// <summary>The commit message template (<c>spec.git.commit.messageTemplate</c>); Flux's default message when null.</summary>
    public string? MessageTemplate { get; set; }

    /// <summary>Values for the template's <c>.Values</c> (<c>messageTemplateValues</c>). Default none.</summary>
    public IDictionary<string, string> MessageTemplateValues { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The automation's namespace, for the template and the event. Default <c>flux-system</c>.</summary>
    public string AutomationNamespace { get; set; } = "flux-system";

    /// <summary>The automation's name, for the template and the event. Default <c>image-update</c>.</summary>
    public string AutomationName { get; set; } = "image-update";

    /// <summary>Where to clone; a new temporary directory, removed afterwards, when null (default). Must be empty or absent.</summary>
    public string? WorkDirectory { get; set; }

    /// <summary>Throws when a required value is missing.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(RepositoryUrl))
        {
            throw new ArgumentException("a repository URL is required", nameof(RepositoryUrl));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(CheckoutBranch, nameof(CheckoutBranch));
        ArgumentNullException.ThrowIfNull(UpdatePath, nameof(UpdatePath));
        ArgumentNullException.ThrowIfNull(Author, nameof(Author));
        ArgumentException.ThrowIfNullOrWhiteSpace(AutomationNamespace, nameof(AutomationNamespace));
        ArgumentException.ThrowIfNullOrWhiteSpace(AutomationName, nameof(AutomationName));
    }
}
