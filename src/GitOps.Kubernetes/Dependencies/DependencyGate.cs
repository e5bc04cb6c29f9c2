using GitOps.Kubernetes.Clusters;
using GitOps.Kubernetes.Dependencies.Internal;
using GitOps.Kubernetes.Objects;
using GitOps.Kubernetes.Objects.Internal;
using GitOps.Ssa.Values;

namespace GitOps.Kubernetes.Dependencies;

/// <summary>Reads one dependency of a unit (kustomize-controller reads it through the API reader, bypassing its cache).</summary>
/// <param name="dependency">The dependency, namespace already defaulted to the unit's.</param>
/// <param name="cancellationToken">Cancels the read.</param>
/// <returns>The dependency object, or null when it does not exist.</returns>
public delegate Task<SsaValue?> DependencyReader(NamespacedName dependency, CancellationToken cancellationToken);

/// <summary>Options of <see cref="DependencyGate"/>.</summary>
public sealed class DependencyGateOptions
{
    /// <summary>How long to wait before checking again when a dependency is not ready. Default 30 s (kustomize-controller's <c>--requeue-dependency</c>).</summary>
    public TimeSpan RequeueInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The interval is not positive.</exception>
    public void Validate() => ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RequeueInterval, TimeSpan.Zero, nameof(RequeueInterval));
}

/// <summary>The outcome of <see cref="DependencyGate.CheckAsync"/>.</summary>
/// <param name="IsReady">Whether every dependency is ready, so the unit may be applied.</param>
/// <param name="Dependency">The first dependency found not ready (namespace defaulted), or null when ready.</param>
/// <param name="Message">Flux's message for it (the <c>Ready=False</c> condition message), empty when ready.</param>
/// <param name="RequeueAfter">When to check again; <see cref="TimeSpan.Zero"/> when ready.</param>
public sealed record DependencyCheckResult(bool IsReady, NamespacedName? Dependency, string Message, TimeSpan RequeueAfter)
{
    /// <summary>The reason of the <c>Ready=False</c> condition Flux sets when a dependency is not ready (<c>meta.DependencyNotReadyReason</c>).</summary>
    public const string NotReadyReason = "DependencyNotReady";

    /// <summary>Whether the unit should be checked again after <see cref="RequeueAfter"/> (every not-ready outcome is retried; none is terminal).</summary>
    public bool Requeue => !IsReady;

    /// <summary>The info event and log line Flux writes when it requeues (<c>Dependencies do not meet ready condition, retrying in 30s</c>), empty when ready.</summary>
    public string EventMessage => IsReady ? string.Empty : "Dependencies do not meet ready condition, retrying in " + GoDuration.Format(RequeueAfter);

    /// <summary>The result of a unit whose dependencies are all ready.</summary>
    public static DependencyCheckResult Ready { get; } = new(true, null, string.Empty, TimeSpan.Zero);
}

/// <summary>
/// The readiness gate kustomize-controller runs before it reconciles a unit with <c>spec.dependsOn</c>
/// (<c>fluxcd/kustomize-controller internal/controller/kustomization_controller.go checkDependencies</c>). Dependencies are of the
/// unit's own kind and checked in order; the first one not ready stops the check:
/// <list type="number">
/// <item>it must exist: <c>dependency 'ns/name' not found: &lt;API server error&gt;</c>;</item>
/// <item>it must have conditions, <c>status.observedGeneration == metadata.generation</c> and <c>Ready=True</c>: <c>dependency 'ns/name' is not ready</c>;</item>
/// <item>when it uses the same source as the unit (<c>spec.sourceRef</c> kind, name and namespace, an empty namespace being the
/// object's own), its <c>status.lastAppliedRevision</c> must be the revision being applied: <c>dependency 'ns/name' revision is not up to date</c>.</item>
/// </list>
/// Flux 2.6+'s CEL <c>readyExpr</c> is not supported: <see cref="DependsOn"/> refuses a reference that has one.
/// </summary>
public sealed class DependencyGate
{
    private readonly DependencyGateOptions _options;

    /// <summary>Creates a gate.</summary>
    /// <param name="options">Options; defaults when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">The options are not valid.</exception>
    public DependencyGate(DependencyGateOptions? options = null)
    {
        _options = options ?? new DependencyGateOptions();
        _options.Validate();
    }

    /// <summary>Reads a unit's <c>spec.dependsOn[]{name, namespace}</c> (namespace empty when not set).</summary>
    /// <param name="unit">The unit (a Kustomization, or any object with <c>spec.dependsOn</c>).</param>
    /// <returns>The references, in order.</returns>
    /// <exception cref="NotSupportedException">A reference has a <c>readyExpr</c> (CEL), which this gate does not evaluate.</exception>
    public static IReadOnlyList<NamespacedName> DependsOn(SsaValue unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var references = new List<NamespacedName>();
        foreach (var d in Obj.GetList(unit, "spec", "dependsOn"))
        {
            var reference = new NamespacedName(Obj.GetString(d, "namespace") ?? string.Empty, Obj.GetString(d, "name") ?? string.Empty);
            if (Obj.GetString(d, "readyExpr") is { Length: > 0 })
            {
                throw new NotSupportedException($"dependency '{reference}': readyExpr (CEL) is not supported");
            }

            references.Add(reference);
        }

        return references;
    }

    /// <summary>Checks a unit's dependencies, reading each one with <paramref name="readDependency"/> (<see cref="ReadFrom"/> reads them from a cluster).</summary>
    /// <param name="unit">The unit about to be applied (its <c>metadata.namespace</c>, <c>apiVersion</c>, <c>kind</c> and <c>spec.sourceRef</c> are read).</param>
    /// <param name="dependsOn">Its dependencies (see <see cref="DependsOn"/>); an empty namespace is the unit's.</param>
    /// <param name="revision">The source artifact revision being applied; null skips the same-source revision check (as helm-controller does).</param>
    /// <param name="readDependency">Reads a dependency object. A <see cref="ClusterException"/> it throws is reported as Flux reports a failed read.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>Ready, or the first dependency not ready with Flux's message and when to check again.</returns>
    public async Task<DependencyCheckResult> CheckAsync(SsaValue unit, IReadOnlyList<NamespacedName> dependsOn, string? revision, DependencyReader readDependency, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(dependsOn);
        ArgumentNullException.ThrowIfNull(readDependency);
        var unitNamespace = Obj.GetString(unit, "metadata", "namespace") ?? string.Empty;
        foreach (var reference in dependsOn)
        {
            var name = reference.Namespace.Length == 0 ? reference with { Namespace = unitNamespace } : reference;
            SsaValue? dependency;
            try
            {
                dependency = await readDependency(name, cancellationToken).ConfigureAwait(false);
            }
            catch (ClusterException ex)
            {
                return NotReady(name, $"dependency '{Quoted(name)}' not found: {ex.Message}");
            }

            if (dependency is null)
            {
                return NotReady(name, $"dependency '{Quoted(name)}' not found: {NotFoundText(unit, name)}");
            }

            if (Obj.GetList(dependency, "status", "conditions").Count == 0
                || (Obj.GetInt(dependency, "metadata", "generation") ?? 0) != (Obj.GetInt(dependency, "status", "observedGeneration") ?? 0)
                || !IsReadyTrue(dependency))
            {
                return NotReady(name, $"dependency '{Quoted(name)}' is not ready");
            }

            if (revision is not null && SameSource(unit, dependency) && Obj.GetString(dependency, "status", "lastAppliedRevision") != revision)
            {
                return NotReady(name, $"dependency '{Quoted(name)}' revision is not up to date");
            }
        }

        return DependencyCheckResult.Ready;
    }

    /// <summary>A reader of a unit's dependencies from a cluster, as objects of the unit's own apiVersion and kind (Flux's dependsOn is same-kind only).</summary>
    /// <param name="cluster">The cluster holding the dependency objects.</param>
    /// <param name="unit">The unit whose apiVersion and kind the dependencies have.</param>
    /// <returns>The reader, for <see cref="CheckAsync"/>.</returns>
    public static DependencyReader ReadFrom(IClusterClient cluster, SsaValue unit)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(unit);
        var apiVersion = Obj.GetString(unit, "apiVersion") ?? string.Empty;
        var kind = Obj.GetString(unit, "kind") ?? string.Empty;
        return (d, ct) => cluster.GetAsync(new ObjectReference(apiVersion, kind, d.Namespace, d.Name), ct);
    }

    private DependencyCheckResult NotReady(NamespacedName dependency, string message) => new(false, dependency, message, _options.RequeueInterval);

    // Go's types.NamespacedName prints "ns/name" even when ns is empty.
    private static string Quoted(NamespacedName name) => name.Namespace + "/" + name.Name;

    private static bool IsReadyTrue(SsaValue obj) =>
        Obj.GetList(obj, "status", "conditions").Any(c => Obj.GetString(c, "type") == "Ready" && Obj.GetString(c, "status") == "True");

    private static bool SameSource(SsaValue unit, SsaValue dependency)
    {
        if (Obj.Get(unit, "spec", "sourceRef") is null || Obj.Get(dependency, "spec", "sourceRef") is null)
        {
            return false;
        }

        return Obj.GetString(unit, "spec", "sourceRef", "kind") == Obj.GetString(dependency, "spec", "sourceRef", "kind")
            && Obj.GetString(unit, "spec", "sourceRef", "name") == Obj.GetString(dependency, "spec", "sourceRef", "name")
            && SourceNamespace(unit) == SourceNamespace(dependency);
    }

    private static string SourceNamespace(SsaValue obj) =>
        Obj.GetString(obj, "spec", "sourceRef", "namespace") is { Length: > 0 } ns ? ns : Obj.GetString(obj, "metadata", "namespace") ?? string.Empty;

    // The API server's NotFound text, `kustomizations.kustomize.toolkit.fluxcd.io "name" not found`, with the resource guessed
    // from the kind as apimachinery's UnsafeGuessKindToResource does (the reader only says "absent").
    private static string NotFoundText(SsaValue unit, NamespacedName name)
    {
        var kind = (Obj.GetString(unit, "kind") ?? string.Empty).ToLowerInvariant();
        var resource = kind.Length == 0 ? kind
            : kind.EndsWith('s') ? kind + "es"
            : kind.EndsWith('y') ? kind[..^1] + "ies"
            : kind + "s";
        var group = ObjectMetadata.SplitApiVersion(Obj.GetString(unit, "apiVersion") ?? string.Empty).Group;
        return $"{(group.Length == 0 ? resource : resource + "." + group)} \"{name.Name}\" not found";
    }
}
