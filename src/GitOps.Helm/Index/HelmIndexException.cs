namespace GitOps.Helm.Index;

/// <summary>Why an index was refused.</summary>
public enum HelmIndexErrorKind
{
    /// <summary>The document is not an index Helm would load (syntax, types, unknown fields, no apiVersion, empty file).</summary>
    Invalid,

    /// <summary>The document is larger than <see cref="HelmIndexOptions.MaxIndexBytes"/> (or expands beyond the alias limits).</summary>
    TooLarge,
}

/// <summary>An index document was refused as a whole, as <c>helm repo add</c> would refuse it.</summary>
public sealed class HelmIndexException : GitOpsException
{
    /// <summary>Creates the exception.</summary>
    public HelmIndexException(HelmIndexErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    /// <summary>Creates the exception with a message.</summary>
    public HelmIndexException()
        : this(HelmIndexErrorKind.Invalid, "invalid index")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public HelmIndexException(string message)
        : this(HelmIndexErrorKind.Invalid, message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public HelmIndexException(string message, Exception? innerException)
        : this(HelmIndexErrorKind.Invalid, message, innerException)
    {
    }

    /// <summary>Why the index was refused.</summary>
    public HelmIndexErrorKind Kind { get; }
}

/// <summary>No chart, or no version of it, matches in the index (Helm's <c>chart "x" matching y not found</c>).</summary>
public sealed class HelmChartNotFoundException : GitOpsException
{
    /// <summary>Creates the exception.</summary>
    public HelmChartNotFoundException(string chartName, string? constraint, string reason)
        : base($"chart \"{chartName}\" matching {constraint} not found in index: {reason}")
    {
        ChartName = chartName;
        Constraint = constraint;
    }

    /// <summary>Creates the exception with a message.</summary>
    public HelmChartNotFoundException()
        : this(string.Empty, null, "not found")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public HelmChartNotFoundException(string message)
        : base(message)
    {
        ChartName = string.Empty;
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public HelmChartNotFoundException(string message, Exception? innerException)
        : base(message, innerException)
    {
        ChartName = string.Empty;
    }

    /// <summary>The chart asked for.</summary>
    public string ChartName { get; }

    /// <summary>The version constraint asked for, if any.</summary>
    public string? Constraint { get; }
}
