using GitOps.Ssa.FieldPaths;
using GitOps.Ssa.FieldPaths.Internal;
using GitOps.Ssa.Typed.Internal;

namespace GitOps.Ssa.Merge.Internal;

/// <summary>Options of <see cref="Updater"/>.</summary>
internal sealed class UpdaterOptions
{
    /// <summary>Converts between API versions. Default: <see cref="IdentityVersionConverter"/>.</summary>
    public IVersionConverter Converter { get; set; } = IdentityVersionConverter.Instance;

    /// <summary>Per API version, fields nobody can own (e.g. status on the main resource). Default: none.</summary>
    public IDictionary<string, FieldSet>? IgnoredFields { get; set; }

    /// <summary>Per API version, a filter of owned fields; exclusive with <see cref="IgnoredFields"/>. Default: none.</summary>
    public IDictionary<string, IFieldSetFilter>? IgnoreFilter { get; set; }

    /// <summary>Return the merged object even when an apply changed nothing (default false: return null then).</summary>
    public bool ReturnInputOnNoop { get; set; }
}

/// <summary>The result of an apply or update.</summary>
/// <param name="NewObject">The new object, or null when an apply changed nothing.</param>
/// <param name="Managers">The managers and their fields afterwards.</param>
internal sealed record UpdateResult(TypedValue? NewObject, Dictionary<string, VersionedFieldSet> Managers);
