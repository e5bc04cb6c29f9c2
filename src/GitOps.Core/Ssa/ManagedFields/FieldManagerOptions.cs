using GitOps.Ssa.FieldPaths;
using GitOps.Ssa.Merge.Internal;
using GitOps.Ssa.Values;

namespace GitOps.Ssa.ManagedFields;

/// <summary>Options of <see cref="FieldManager"/>.</summary>
public sealed class FieldManagerOptions
{
    /// <summary>The clock for managedFields times. Default: <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Update entries kept before the oldest are merged into <c>ancient-changes</c>. Default 10 (the API server's).</summary>
    public int MaxUpdateManagers { get; set; } = 10;

    /// <summary>Per API version, fields the resource resets and nobody owns (e.g. <c>status</c> on the main resource). Default: none.</summary>
    public IDictionary<string, FieldSet>? ResetFields { get; set; }

    /// <summary>Converts objects between API versions for managers at other versions. Default: identity.</summary>
    internal IVersionConverter Converter { get; set; } = IdentityVersionConverter.Instance;

    /// <summary>Fills in server-side defaults of an applied object (the API server's defaulting). Default: none.</summary>
    public Func<SsaValue, SsaValue>? Defaulter { get; set; }
}
