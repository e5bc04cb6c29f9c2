using Microsoft.Extensions.Logging;

namespace GitOps.Git.Internal;

/// <summary>The Git package's log messages (event ids 4000–4099). URLs are always masked before they get here.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = GitOps.Diagnostics.GitOpsLogEvents.GitCloned, Level = LogLevel.Information, Message = "Cloned {Url} with {Backend} at {Hash}")]
    public static partial void Cloned(ILogger logger, string url, string backend, string hash);

    [LoggerMessage(EventId = GitOps.Diagnostics.GitOpsLogEvents.GitCloneSkipped, Level = LogLevel.Information, Message = "Skipped cloning {Url}: still at {Revision}")]
    public static partial void CloneSkipped(ILogger logger, string url, string revision);

    [LoggerMessage(EventId = GitOps.Diagnostics.GitOpsLogEvents.GitPushed, Level = LogLevel.Information, Message = "Pushed to {Url} branch {Branch}")]
    public static partial void Pushed(ILogger logger, string url, string branch);

    [LoggerMessage(EventId = GitOps.Diagnostics.GitOpsLogEvents.GitBackendChosen, Level = LogLevel.Debug, Message = "Clone of {Url} goes to the {Backend} backend: {Reason}")]
    public static partial void BackendChosen(ILogger logger, string url, string backend, string reason);
}
