using System.Diagnostics.CodeAnalysis;
using GitOps.Ssa.Typed.Internal;

namespace GitOps.Ssa.Merge.Internal;

/// <summary>Converts objects between the API versions managers used, so that ownership can be compared.</summary>
internal interface IVersionConverter
{
    /// <summary>Converts an object to a version.</summary>
    /// <param name="value">The object.</param>
    /// <param name="version">The target API version.</param>
    /// <param name="converted">The converted object.</param>
    /// <returns>False when the version does not exist (managers at it are dropped); failures throw.</returns>
    bool TryConvert(TypedValue value, string version, [NotNullWhen(true)] out TypedValue? converted);
}

/// <summary>The converter for a single API version: returns objects unchanged.</summary>
internal sealed class IdentityVersionConverter : IVersionConverter
{
    /// <summary>The shared instance.</summary>
    public static IdentityVersionConverter Instance { get; } = new();

    /// <inheritdoc />
    public bool TryConvert(TypedValue value, string version, [NotNullWhen(true)] out TypedValue? converted)
    {
        converted = value;
        return true;
    }
}
