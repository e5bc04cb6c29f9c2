using GitOps.Diagnostics;
using GitOps.ImageAutomation.Setters;
using GitOps.Notifications;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitOps.ImageAutomation.Automation;

/// <summary>
/// One ImageUpdateAutomation reconciliation as a primitive: clone the branch, apply the policies' setters
/// under the update path, commit with the message template, push, and emit the event Flux emits
/// (<c>pushed commit 'abc1234' to branch 'main'</c> followed by the message) with the updated image
/// references in its metadata, to every given notification provider.
/// </summary>
public sealed partial class ImageUpdateAutomation
{
    /// <summary>The event metadata key listing the updated images (newline-separated), under the object's group so notification-controller strips the prefix.</summary>
    public const string UpdatedImagesKey = "image.toolkit.fluxcd.io/updated-images";

    /// <summary>The event metadata key with the pushed revision (<c>branch@sha1:hash</c>).</summary>
    public const string RevisionKey = "image.toolkit.fluxcd.io/revision";

    private readonly IAutomationGitClient _git;
    private readonly IReadOnlyList<INotificationProvider> _notifiers;
    private readonly ImageSetters _setters;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates the automation.</summary>
    /// <param name="git">The Git operations.</param>
    /// <param name="notifiers">Where the push event goes; none when null.</param>
    /// <param name="setters">The setter engine; defaults when null.</param>
    /// <param name="timeProvider">The clock for commit and event times.</param>
    /// <param name="logger">Where progress is logged.</param>
    public ImageUpdateAutomation(IAutomationGitClient git, IEnumerable<INotificationProvider>? notifiers = null, ImageSetters? setters = null, TimeProvider? timeProvider = null, ILogger<ImageUpdateAutomation>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(git);
        _git = git;
        _notifiers = notifiers?.ToArray() ?? [];
        _setters = setters ?? new ImageSetters();
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Runs the automation once for <paramref name="policies"/>.</summary>
    /// <exception cref="ImageAutomationException">The template is invalid, the update path leaves the clone, or a Git operation failed.</exception>
    public async Task<ImageUpdateResult> RunAsync(ImageUpdateAutomationOptions options, IEnumerable<ImagePolicyResult> policies, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(policies);
        options.Validate();
        using var activity = GitOpsDiagnostics.ActivitySource.StartActivity(GitOpsActivities.ImageAutomationRun);
        activity?.SetTag("gitops.image_automation.name", options.AutomationNamespace + "/" + options.AutomationName);
        var template = CommitMessageTemplate.Parse(options.MessageTemplate);
        var branch = options.PushBranch ?? options.CheckoutBranch;
        var ownsDirectory = options.WorkDirectory is null;
        var work = options.WorkDirectory ?? Directory.CreateTempSubdirectory("gitops-automation-").FullName;
        try
        {
            await Step("clone", () => _git.CloneAsync(options.RepositoryUrl, options.CheckoutBranch, work, cancellationToken)).ConfigureAwait(false);
            var root = UpdateRoot(work, options.UpdatePath);
            var changes = await _setters.ApplyAsync(root, policies, cancellationToken).ConfigureAwait(false);
            if (changes.Files.Count == 0)
            {
                Log.NoChange(_logger, options.AutomationNamespace, options.AutomationName);
                return new ImageUpdateResult(null, branch, null, changes, null, []);
            }

            var message = template.Render(options.AutomationNamespace, options.AutomationName, changes, options.MessageTemplateValues.AsReadOnly());
            string? commit = null;
            await Step("commit", async () => commit = await _git.CommitAllAsync(work, options.Author, message, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            if (commit is null)
            {
                return new ImageUpdateResult(null, branch, null, changes, null, []);
            }

            await Step("push", () => _git.PushAsync(work, branch, cancellationToken)).ConfigureAwait(false);
            Log.Pushed(_logger, options.AutomationNamespace, options.AutomationName, commit, branch);
            var pushed = PushEvent(options, branch, commit, message, changes);
            var delivered = new List<NotificationResult>();
            foreach (var notifier in _notifiers)
            {
                GitOpsException? error = null;
                try
                {
                    await notifier.SendAsync(pushed, cancellationToken).ConfigureAwait(false);
                }
                catch (GitOpsException ex)
                {
                    error = ex;
                }

                delivered.Add(new NotificationResult(pushed, notifier, error));
            }

            return new ImageUpdateResult(commit, branch, message, changes, pushed, delivered);
        }
        finally
        {
            if (ownsDirectory)
            {
                TryDelete(work);
            }
        }
    }

    /// <summary>Flux's push summary: <c>pushed commit 'SHORT' to branch 'BRANCH'</c>, a newline and the message.</summary>
    public static string Summary(string commit, string branch, string message)
    {
        ArgumentNullException.ThrowIfNull(commit);
        var shortHash = commit.Length > 7 ? commit[..7] : commit;
        return string.IsNullOrEmpty(message) ? $"pushed commit '{shortHash}' to branch '{branch}'" : $"pushed commit '{shortHash}' to branch '{branch}'\n{message}";
    }

    private FluxEvent PushEvent(ImageUpdateAutomationOptions options, string branch, string commit, string message, SetterResult changes) => new()
    {
        InvolvedObject = new EventObjectReference("ImageUpdateAutomation", options.AutomationNamespace, options.AutomationName) { ApiVersion = "image.toolkit.fluxcd.io/v1" },
        Severity = EventSeverity.Info,
        Timestamp = _time.GetUtcNow(),
        Reason = "Succeeded",
        Message = Summary(commit, branch, message),
        Metadata = new Dictionary<string, string>
        {
            [RevisionKey] = $"{branch}@sha1:{commit}",
            [UpdatedImagesKey] = string.Join('\n', changes.UpdatedImages),
        },
        ReportingController = "image-automation-controller",
    };

    private static string UpdateRoot(string work, string updatePath)
    {
        var root = Path.GetFullPath(work);
        var full = Path.GetFullPath(Path.Combine(root, updatePath));
        if (full != root && !full.StartsWith(root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ImageAutomationException($"update path '{updatePath}' is outside the repository");
        }

        return full;
    }

    private static async Task Step(string what, Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not ImageAutomationException)
        {
            throw new ImageAutomationException($"failed to update source: {what} failed: {ex.Message}", ex);
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A temporary clone left behind is harmless.
        }
        catch (UnauthorizedAccessException)
        {
            // Git may leave read-only pack files; the temp folder is cleaned by the system.
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = GitOps.Diagnostics.GitOpsLogEvents.ImageAutomationNoChange, Level = LogLevel.Information, Message = "Image automation {Namespace}/{Name}: no change")]
        public static partial void NoChange(ILogger logger, string @namespace, string name);

        [LoggerMessage(EventId = GitOps.Diagnostics.GitOpsLogEvents.ImageAutomationPushed, Level = LogLevel.Information, Message = "Image automation {Namespace}/{Name}: pushed {Commit} to {Branch}")]
        public static partial void Pushed(ILogger logger, string @namespace, string name, string commit, string branch);
    }
}
