namespace GitOps.Helm.Charts;

/// <summary>A chart could not be resolved, downloaded, verified or read.</summary>
public class HelmChartException : GitOpsException
{
    /// <summary>Creates the exception with no message.</summary>
    public HelmChartException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public HelmChartException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public HelmChartException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
