using GitOps.Ssa.Schema;
using GitOps.Ssa.Values;

namespace GitOps.Ssa.Typed.Internal;

/// <summary>Checks that a scalar matches its schema type, with structured-merge-diff's messages.</summary>
internal static class ScalarCheck
{
    public static string? Check(Atom atom, SsaValue? v, string prefix)
    {
        if (v is null || v.IsNull)
        {
            return null;
        }

        return atom.Scalar switch
        {
            ScalarType.Numeric when v.Kind is not (SsaValueKind.Integer or SsaValueKind.Float) => $"{prefix}expected numeric (int or float), got {GoType(v)}",
            ScalarType.String when v.Kind != SsaValueKind.String => $"{prefix}expected string, got {v.ToJson()}",
            ScalarType.Boolean when v.Kind != SsaValueKind.Boolean => $"{prefix}expected boolean, got {v.ToJson()}",
            ScalarType.Untyped when !v.IsScalar => $"{prefix}expected any scalar, got {v.ToJson()}",
            ScalarType.Unknown => $"{prefix}unexpected scalar type in schema: {atom.UnknownScalarName}",
            _ => null,
        };
    }

    private static string GoType(SsaValue v) => v.Kind switch
    {
        SsaValueKind.String => "string",
        SsaValueKind.Boolean => "bool",
        SsaValueKind.List => "[]interface {}",
        SsaValueKind.Map => "map[string]interface {}",
        _ => "<nil>",
    };
}
