using GitOps.Kubernetes.Clusters;

namespace GitOps.Kubernetes.Apply;

/// <summary>A diff, apply, delete or wait that failed, worded as Flux words it (<c>fluxcd/pkg ssa/errors/errors.go</c>).</summary>
public class ResourceManagerException : GitOpsException
{
    /// <summary>Creates an exception.</summary>
    public ResourceManagerException()
    {
    }

    /// <summary>Creates an exception.</summary>
    /// <param name="message">The message.</param>
    public ResourceManagerException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ResourceManagerException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The change set up to the failure (a staged apply returns what it applied before the failing stage).</summary>
    public ChangeSet? PartialChangeSet { get; init; }

    /// <inheritdoc />
    public override bool IsTransient => InnerException is GitOpsException { IsTransient: true };

    /// <summary>Flux's <c>DryRunErr</c> text: <c>&lt;subject&gt; namespace not specified: …</c>, <c>&lt;subject&gt; not found: …</c>, or <c>&lt;subject&gt; dry-run failed (&lt;Reason&gt;): …</c>.</summary>
    /// <param name="subject">The object's subject.</param>
    /// <param name="ns">The object's namespace.</param>
    /// <param name="error">The cluster's error.</param>
    /// <returns>The exception.</returns>
    public static ResourceManagerException DryRun(string subject, string ns, ClusterException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (error.IsNotFound)
        {
            return new ResourceManagerException(ns.Length == 0 ? $"{subject} namespace not specified: {error.Message}" : $"{subject} not found: {error.Message}", error);
        }

        var reason = error.Reason;
        if (Objects.Internal.Obj.GetList(error.Status, "details", "causes").Any(c => Objects.Internal.Obj.GetString(c, "type") == "FieldManagerConflict"))
        {
            reason = "FieldManagerConflict";
        }

        return new ResourceManagerException($"{subject} dry-run failed{(reason.Length > 0 ? " (" + reason + ")" : string.Empty)}: {error.Message}", error);
    }
}
