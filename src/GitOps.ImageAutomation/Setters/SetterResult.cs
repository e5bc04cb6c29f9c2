namespace GitOps.ImageAutomation.Setters;

/// <summary>The changes of one object in one file.</summary>
/// <param name="Resource">The object.</param>
/// <param name="Changes">Its changed values, in file order.</param>
public sealed record ObjectChanges(ObjectIdentifier Resource, IReadOnlyList<SetterChange> Changes);

/// <summary>The changes made in one file.</summary>
/// <param name="Path">The file, relative to the root, with <c>/</c> separators.</param>
/// <param name="Objects">The changed objects, in file order.</param>
public sealed record FileChanges(string Path, IReadOnlyList<ObjectChanges> Objects);

/// <summary>What applying the setters did (image-automation-controller's <c>update.Result</c>).</summary>
/// <param name="Files">The rewritten files, in walk order; files without changes are absent.</param>
/// <param name="ProblemFiles">Files that held the marker but could not be parsed as YAML (skipped, as Flux does).</param>
public sealed record SetterResult(IReadOnlyList<FileChanges> Files, IReadOnlyList<string> ProblemFiles)
{
    /// <summary>Every change, in order.</summary>
    public IEnumerable<SetterChange> Changes => Files.SelectMany(f => f.Objects).SelectMany(o => o.Changes);

    /// <summary>The images written (each policy's <c>name:tag[@digest]</c>, once each), sorted: what the automation event lists.</summary>
    public IReadOnlyList<string> UpdatedImages =>
        [.. Changes.Select(c => c.Policy.LatestRef.ToString()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}
