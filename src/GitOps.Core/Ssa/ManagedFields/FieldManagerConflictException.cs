using GitOps.Ssa.Merge;
using GitOps.Ssa.ManagedFields.Internal;
using GitOps.Ssa.Values;

namespace GitOps.Ssa.ManagedFields;

/// <summary>
/// An apply conflicts with fields other managers own: the API server answers 409 Conflict with this
/// message and one <c>FieldManagerConflict</c> cause per field (see <see cref="ToStatus"/>).
/// </summary>
public sealed class FieldManagerConflictException : GitOpsException
{
    /// <summary>Creates the exception.</summary>
    public FieldManagerConflictException()
    {
        Conflicts = [];
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public FieldManagerConflictException(string message)
        : base(message)
    {
        Conflicts = [];
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public FieldManagerConflictException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Conflicts = [];
    }

    internal FieldManagerConflictException(IReadOnlyList<SsaConflict> conflicts)
        : base(ManagerIdentity.ConflictMessage(conflicts))
    {
        Conflicts = conflicts.Select(c => new SsaConflict(ManagerIdentity.Print(c.Manager), c.Path)).ToList();
    }

    /// <summary>The conflicts; <see cref="SsaConflict.Manager"/> is printed as the API server does (<c>"hpa" with subresource "scale"</c>).</summary>
    public IReadOnlyList<SsaConflict> Conflicts { get; }

    /// <summary>The 409 <c>Status</c> object the API server returns.</summary>
    /// <returns>The Status.</returns>
    public SsaValue ToStatus()
    {
        var causes = Conflicts.Select(c => SsaValue.FromMap(
        [
            new("reason", SsaValue.FromString("FieldManagerConflict")),
            new("message", SsaValue.FromString("conflict with " + c.Manager)),
            new("field", SsaValue.FromString(c.Path.ToString())),
        ]));
        return SsaValue.FromMap(
        [
            new("kind", SsaValue.FromString("Status")),
            new("apiVersion", SsaValue.FromString("v1")),
            new("metadata", SsaValue.EmptyMap),
            new("status", SsaValue.FromString("Failure")),
            new("message", SsaValue.FromString(Message)),
            new("reason", SsaValue.FromString("Conflict")),
            new("details", SsaValue.FromMap([new("causes", SsaValue.FromList(causes))])),
            new("code", SsaValue.FromInt64(409)),
        ]);
    }
}
