using Microsoft.Extensions.Logging;

namespace GitOps.Buckets.Internal;

/// <summary>The bucket source's log messages. Event ids 6100–6199 belong to buckets; credentials are never logged.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = GitOps.Diagnostics.GitOpsLogEvents.BucketListed, Level = LogLevel.Debug, Message = "Listed bucket {Bucket} (prefix '{Prefix}') at {Endpoint}: {Objects} objects, {Bytes} bytes")]
    public static partial void Listed(ILogger logger, string bucket, string prefix, Uri endpoint, int objects, long bytes);

    [LoggerMessage(EventId = GitOps.Diagnostics.GitOpsLogEvents.BucketObjectVanished, Level = LogLevel.Information, Message = "Indexed object {Key} disappeared from bucket {Bucket}")]
    public static partial void ObjectVanished(ILogger logger, string key, string bucket);

    [LoggerMessage(EventId = GitOps.Diagnostics.GitOpsLogEvents.BucketPacked, Level = LogLevel.Information, Message = "Packed bucket {Bucket} (prefix '{Prefix}'): {Objects} objects, {Bytes} bytes downloaded, revision {Revision}, artifact {Digest}")]
    public static partial void Packed(ILogger logger, string bucket, string prefix, int objects, long bytes, GitOps.Artifacts.Digest revision, GitOps.Artifacts.Digest digest);
}
