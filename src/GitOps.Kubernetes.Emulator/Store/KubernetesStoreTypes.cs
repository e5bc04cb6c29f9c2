using GitOps.Ssa.Values;

namespace GitOps.Kubernetes.Emulator.Store;

/// <summary>Options of a write (the <c>fieldManager</c>, <c>force</c> and <c>dryRun</c> query parameters).</summary>
public sealed class KubernetesWriteOptions
{
    /// <summary>The field manager. Required for applies; other writes default to <see cref="DefaultFieldManager"/>.</summary>
    public string? FieldManager { get; set; }

    /// <summary>Take over conflicting fields (applies only). Default false.</summary>
    public bool Force { get; set; }

    /// <summary>Compute and answer without storing (<c>dryRun=All</c>). Default false.</summary>
    public bool DryRun { get; set; }

    /// <summary>The manager of non-apply writes that name none (the API server derives it from the user agent). Default <c>unknown</c>.</summary>
    public string DefaultFieldManager { get; set; } = "unknown";
}

/// <summary>How a list or watch is filtered (<c>labelSelector</c>, <c>fieldSelector</c>, <c>limit</c>, <c>continue</c>).</summary>
public sealed class KubernetesListOptions
{
    /// <summary>A label selector (<c>app=web,tier in (a,b),!legacy</c>). Default: none.</summary>
    public string? LabelSelector { get; set; }

    /// <summary>A field selector (<c>metadata.name=web,status.phase!=Running</c>). Default: none.</summary>
    public string? FieldSelector { get; set; }

    /// <summary>The most items per page; 0 for all. Default 0.</summary>
    public int Limit { get; set; }

    /// <summary>The continue token of the previous page. Default: none.</summary>
    public string? Continue { get; set; }
}

/// <summary>Where a watch starts and what it sends besides changes.</summary>
public sealed class KubernetesWatchOptions
{
    /// <summary>A label selector. Default: none.</summary>
    public string? LabelSelector { get; set; }

    /// <summary>A field selector. Default: none.</summary>
    public string? FieldSelector { get; set; }

    /// <summary>
    /// The resourceVersion to start after; null, empty or <c>0</c> start with an <c>ADDED</c> event per
    /// existing object. Older than the kept history: 410 Gone.
    /// </summary>
    public string? ResourceVersion { get; set; }

    /// <summary>Send <c>BOOKMARK</c> events with the newest resourceVersion every <see cref="BookmarkInterval"/>. Default false.</summary>
    public bool AllowBookmarks { get; set; }

    /// <summary>Send the existing objects first, then a bookmark marked <c>k8s.io/initial-events-end</c> (watch list). Default false.</summary>
    public bool SendInitialEvents { get; set; }

    /// <summary>How often bookmarks are sent. Default 1 second.</summary>
    public TimeSpan BookmarkInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Ends the watch after this long (<c>timeoutSeconds</c>); null for never. Default null.</summary>
    public TimeSpan? Timeout { get; set; }
}

/// <summary>How a delete proceeds.</summary>
public sealed class KubernetesDeleteOptions
{
    /// <summary><c>Orphan</c>, <c>Background</c> or <c>Foreground</c>; null for the type's default (Background). Dependents (by ownerReferences) are deleted at once unless Orphan.</summary>
    public string? PropagationPolicy { get; set; }

    /// <summary>Delete only if the object has this uid. Default: no precondition.</summary>
    public string? PreconditionUid { get; set; }

    /// <summary>Delete only if the object has this resourceVersion. Default: no precondition.</summary>
    public string? PreconditionResourceVersion { get; set; }

    /// <summary>Answer without deleting. Default false.</summary>
    public bool DryRun { get; set; }
}

/// <summary>The patch formats of PATCH requests.</summary>
public enum KubernetesPatchType
{
    /// <summary>RFC 7386 JSON merge patch, <c>application/merge-patch+json</c>.</summary>
    Merge,

    /// <summary>RFC 6902 JSON patch, <c>application/json-patch+json</c>.</summary>
    Json,

    /// <summary>Kubernetes strategic merge patch, <c>application/strategic-merge-patch+json</c>.</summary>
    StrategicMerge,
}

/// <summary>The kind of a watch event.</summary>
public enum KubernetesWatchEventType
{
    /// <summary>An object was created (or existed when the watch started).</summary>
    Added,

    /// <summary>An object changed.</summary>
    Modified,

    /// <summary>An object was deleted.</summary>
    Deleted,

    /// <summary>No change: the newest resourceVersion, so that a watch can resume from it.</summary>
    Bookmark,

    /// <summary>The watch failed; the object is a Status.</summary>
    Error,
}

/// <summary>One watch event: its type and the object (a Status for errors).</summary>
/// <param name="Type">The event type.</param>
/// <param name="Value">The object after the change (before it, for deletes).</param>
public sealed record KubernetesWatchEvent(KubernetesWatchEventType Type, SsaValue Value)
{
    /// <summary>The wire name of <see cref="Type"/>: <c>ADDED</c>, <c>MODIFIED</c>, <c>DELETED</c>, <c>BOOKMARK</c>, <c>ERROR</c>.</summary>
    public string TypeName => Type switch
    {
        KubernetesWatchEventType.Added => "ADDED",
        KubernetesWatchEventType.Modified => "MODIFIED",
        KubernetesWatchEventType.Deleted => "DELETED",
        KubernetesWatchEventType.Bookmark => "BOOKMARK",
        _ => "ERROR",
    };
}

/// <summary>The outcome of a write.</summary>
/// <param name="Value">The object as stored (or as it would be, for a dry run).</param>
/// <param name="Created">Whether the write created the object (HTTP 201).</param>
public sealed record KubernetesWriteResult(SsaValue Value, bool Created);

/// <summary>The outcome of a delete.</summary>
/// <param name="Value">The object as deleted, or as marked for deletion.</param>
/// <param name="Deleted">True when removed; false when finalizers keep it (it now has a deletionTimestamp).</param>
public sealed record KubernetesDeleteResult(SsaValue Value, bool Deleted);
