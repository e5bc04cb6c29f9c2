using Microsoft.Extensions.Logging;

namespace GitOps.Artifacts.Fetch.Internal;

/// <summary>The fetcher's log messages. Event ids 1100–1199 belong to artifact fetching; URLs are always redacted.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = GitOps.Diagnostics.GitOpsLogEvents.ArtifactFetchStarting, Level = LogLevel.Debug, Message = "Fetching artifact {Url} (expecting {Digest}) into {Destination}")]
    public static partial void FetchStarting(ILogger logger, Uri url, Digest digest, string destination);

    [LoggerMessage(EventId = GitOps.Diagnostics.GitOpsLogEvents.ArtifactFetchRetrying, Level = LogLevel.Warning, Message = "Attempt {Attempt} to fetch {Url} failed, retrying in {Delay}: {Reason}")]
    public static partial void Retrying(ILogger logger, int attempt, Uri url, TimeSpan delay, string reason);

    [LoggerMessage(EventId = GitOps.Diagnostics.GitOpsLogEvents.ArtifactFetched, Level = LogLevel.Information, Message = "Fetched artifact {Url} ({Digest}, {Bytes} bytes, {Files} files) in {Attempts} attempt(s)")]
    public static partial void FetchSucceeded(ILogger logger, Uri url, Digest digest, long bytes, int files, int attempts);

    [LoggerMessage(EventId = GitOps.Diagnostics.GitOpsLogEvents.ArtifactFetchFailed, Level = LogLevel.Warning, Message = "Fetching artifact {Url} failed: {Reason}")]
    public static partial void FetchFailed(ILogger logger, Uri url, string reason);

    [LoggerMessage(EventId = GitOps.Diagnostics.GitOpsLogEvents.ArtifactFetchStartingUnverified, Level = LogLevel.Debug, Message = "Fetching artifact {Url} with no expected digest (sha256 computed, not verified) into {Destination}")]
    public static partial void FetchStartingUnverified(ILogger logger, Uri url, string destination);

    [LoggerMessage(EventId = GitOps.Diagnostics.GitOpsLogEvents.ArtifactFetchRedirected, Level = LogLevel.Debug, Message = "{Url} redirected to {Location}")]
    public static partial void Redirected(ILogger logger, Uri url, Uri location);
}
