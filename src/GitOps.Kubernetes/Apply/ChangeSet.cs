using System.Text;
using GitOps.Kubernetes.Objects;

namespace GitOps.Kubernetes.Apply;

/// <summary>What the resource manager did (or would do) to an object (<c>fluxcd/pkg ssa/changeset.go</c>).</summary>
public enum ChangeSetAction
{
    /// <summary>Nothing known (a failed delete).</summary>
    Unknown,

    /// <summary>The object did not exist and was (or would be) created.</summary>
    Created,

    /// <summary>The object drifted and was (or would be) changed.</summary>
    Configured,

    /// <summary>The object is as desired; nothing was sent.</summary>
    Unchanged,

    /// <summary>The object was (or would be) deleted.</summary>
    Deleted,

    /// <summary>The object was left alone (an annotation, a selector, or owner labels that no longer match).</summary>
    Skipped,
}

/// <summary>One object's entry in a <see cref="ChangeSet"/>.</summary>
/// <param name="Metadata">The object's identity.</param>
/// <param name="Version">The API version (only the version, e.g. <c>v1</c>), as Flux's inventory keeps it.</param>
/// <param name="Action">What happened.</param>
public sealed record ChangeSetEntry(ObjectMetadata Metadata, string Version, ChangeSetAction Action)
{
    /// <summary>Flux's subject: <c>Kind/namespace/name</c> or <c>Kind/name</c>.</summary>
    public string Subject => Metadata.Subject;

    /// <summary>The action in Flux's words (<c>created</c>, <c>configured</c>, ...).</summary>
    public string ActionText => ChangeSet.ToText(Action);

    /// <summary>Flux's line: <c>&lt;subject&gt; &lt;action&gt;</c>.</summary>
    /// <returns>The line.</returns>
    public override string ToString() => Subject + " " + ActionText;
}

/// <summary>The entries of one diff, apply or delete, in the order the objects were handled.</summary>
public sealed class ChangeSet
{
    private readonly List<ChangeSetEntry> _entries = [];

    /// <summary>Creates an empty change set.</summary>
    public ChangeSet()
    {
    }

    /// <summary>Creates a change set holding entries.</summary>
    /// <param name="entries">The entries.</param>
    public ChangeSet(IEnumerable<ChangeSetEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        _entries.AddRange(entries);
    }

    /// <summary>The entries.</summary>
    public IReadOnlyList<ChangeSetEntry> Entries => _entries;

    /// <summary>Adds an entry.</summary>
    /// <param name="entry">The entry.</param>
    public void Add(ChangeSetEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        _entries.Add(entry);
    }

    /// <summary>Adds entries.</summary>
    /// <param name="entries">The entries.</param>
    public void Append(IEnumerable<ChangeSetEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        _entries.AddRange(entries);
    }

    /// <summary>Whether any entry is not <see cref="ChangeSetAction.Unchanged"/> or <see cref="ChangeSetAction.Skipped"/> (what kustomize-controller logs and reports).</summary>
    public bool HasChanged => _entries.Exists(e => e.Action is not (ChangeSetAction.Unchanged or ChangeSetAction.Skipped));

    /// <summary>Subject → action text (<c>ToMap</c>).</summary>
    /// <returns>The map.</returns>
    public IReadOnlyDictionary<string, string> ToMap() => _entries.ToDictionary(e => e.Subject, e => e.ActionText, StringComparer.Ordinal);

    /// <summary>The identities of the entries (<c>ToObjMetadataSet</c>).</summary>
    /// <returns>The identities, without duplicates, in order.</returns>
    public IReadOnlyList<ObjectMetadata> ToObjectMetadata() => _entries.Select(e => e.Metadata).Distinct().ToList();

    /// <summary>One line per entry: <c>&lt;subject&gt; &lt;action&gt;</c>.</summary>
    /// <returns>The lines.</returns>
    public override string ToString()
    {
        var sb = new StringBuilder();
        foreach (var e in _entries)
        {
            sb.Append(e).Append('\n');
        }

        return sb.ToString();
    }

    internal static string ToText(ChangeSetAction action) => action switch
    {
        ChangeSetAction.Created => "created",
        ChangeSetAction.Configured => "configured",
        ChangeSetAction.Unchanged => "unchanged",
        ChangeSetAction.Deleted => "deleted",
        ChangeSetAction.Skipped => "skipped",
        _ => "unknown",
    };
}
