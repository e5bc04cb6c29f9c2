using GitOps.Ssa.FieldPaths;

namespace GitOps.Ssa.Merge;

/// <summary>A field owned by another manager that an apply would change.</summary>
/// <param name="Manager">The manager owning the field.</param>
/// <param name="Path">The field.</param>
public sealed record SsaConflict(string Manager, FieldPath Path);

/// <summary>
/// An apply would change fields that other managers own. Apply again with force to take them over, or
/// stop setting them.
/// </summary>
public sealed class SsaConflictException : GitOpsException
{
    /// <summary>Creates the exception.</summary>
    public SsaConflictException()
    {
        Conflicts = [];
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public SsaConflictException(string message)
        : base(message)
    {
        Conflicts = [];
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public SsaConflictException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Conflicts = [];
    }

    /// <summary>Creates the exception from the conflicts found.</summary>
    /// <param name="conflicts">The conflicts, grouped by manager.</param>
    public SsaConflictException(IReadOnlyList<SsaConflict> conflicts)
        : base(Format(conflicts))
    {
        Conflicts = conflicts;
    }

    /// <summary>The conflicting fields and their managers.</summary>
    public IReadOnlyList<SsaConflict> Conflicts { get; }

    // The layout of structured-merge-diff's Conflicts.Error().
    private static string Format(IReadOnlyList<SsaConflict> conflicts)
    {
        ArgumentNullException.ThrowIfNull(conflicts);
        if (conflicts.Count == 1)
        {
            return $"conflict with \"{conflicts[0].Manager}\": {conflicts[0].Path}";
        }

        var lines = new List<string>();
        foreach (var group in conflicts.GroupBy(c => c.Manager).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            lines.Add($"conflicts with \"{group.Key}\":");
            lines.AddRange(group.Select(c => $"- {c.Path}"));
        }

        return string.Join("\n", lines);
    }
}
