namespace GitOps.Ssa.Values;

#pragma warning disable CA1720 // The members name the JSON kinds, which happen to be type names.

/// <summary>The JSON-like kinds of value that server-side apply works on.</summary>
public enum SsaValueKind
{
    /// <summary>An explicit <c>null</c>.</summary>
    Null,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,

    /// <summary>A 64-bit integer.</summary>
    Integer,

    /// <summary>A 64-bit floating point number.</summary>
    Float,

    /// <summary>A string.</summary>
    String,

    /// <summary>An ordered list of values.</summary>
    List,

    /// <summary>A map from string keys to values, keeping insertion order.</summary>
    Map,
}
