using System.Globalization;
using System.Text;
using GitOps.Kubernetes.Clusters.Internal;
using GitOps.Kubernetes.Objects.Internal;
using GitOps.Ssa.Values;

namespace GitOps.Kubernetes.Clusters;

/// <summary>Options of <see cref="LiveCluster"/>.</summary>
public sealed class LiveClusterOptions
{
    /// <summary>How many requests are in flight at once (kustomize-controller applies with <c>--concurrent-ssa=4</c>). Default 4.</summary>
    public int MaxConcurrentRequests { get; set; } = 4;

    /// <summary>How long one request may take. Default 30 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest answer read (a list of many objects). Default 256 MiB.</summary>
    public long MaxResponseBytes { get; set; } = 256L << 20;

    /// <summary>How many objects a list asks for per page (<c>limit</c>, then <c>continue</c>). Default 500, as kubectl.</summary>
    public int ListPageSize { get; set; } = 500;

    /// <summary>The User-Agent sent. Default <c>gitops-sdk</c>.</summary>
    public string UserAgent { get; set; } = "gitops-sdk";

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit is not positive.</exception>
    /// <exception cref="ArgumentException">The User-Agent is empty.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MaxConcurrentRequests, 0);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RequestTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MaxResponseBytes, 0);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ListPageSize, 0);
        ArgumentException.ThrowIfNullOrWhiteSpace(UserAgent);
    }
}

/// <summary>
/// A real API server over HTTP(S): server-side apply as <c>PATCH application/apply-patch+yaml</c> with <c>fieldManager</c>,
/// <c>force</c> and <c>dryRun=All</c>, reads, JSON patches, deletes with background propagation and paged lists, kinds
/// mapped to resources and scope through discovery (read again when a CRD changes), at most
/// <see cref="LiveClusterOptions.MaxConcurrentRequests"/> requests in flight, and a view per service account
/// (<see cref="ImpersonateServiceAccount"/>) as kustomize-controller's <c>serviceAccountName</c>. Refusals are
/// <see cref="ClusterException"/> with the server's status code, reason and message.
/// </summary>
/// <example>
/// <code>
/// using var cluster = await LiveCluster.FromKubeconfigFileAsync("kubeconfig", context: "kind-dev");
/// var changeSet = await new ResourceManager(cluster).ApplyAllStagedAsync(objects, ApplyOptions.ForKustomization());
/// </code>
/// </example>
public sealed class LiveCluster : IClusterClient, IDisposable
{
    private const string CrdGroup = "apiextensions.k8s.io";
    private readonly ApiTransport _transport;
    private readonly ApiDiscovery _discovery;
    private readonly LiveClusterOptions _options;
    private readonly string? _impersonateUser;
    private readonly bool _ownsTransport;

    /// <summary>Creates a client of a cluster.</summary>
    /// <param name="connection">The server and credentials.</param>
    /// <param name="options">Options; defaults when null.</param>
    public LiveCluster(KubernetesConnection connection, LiveClusterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        options ??= new LiveClusterOptions();
        options.Validate();
        Connection = connection;
        _options = options;
        _transport = new ApiTransport(connection, options);
        _discovery = new ApiDiscovery(_transport);
        _ownsTransport = true;
    }

    private LiveCluster(LiveCluster parent, string impersonateUser)
    {
        Connection = parent.Connection;
        _options = parent._options;
        _transport = parent._transport;
        _discovery = parent._discovery;
        _impersonateUser = impersonateUser;
    }

    /// <summary>The server and credentials.</summary>
    public KubernetesConnection Connection { get; }

    /// <summary>The user every request impersonates (<c>system:serviceaccount:NS:NAME</c>), or null.</summary>
    public string? ImpersonatedUser => _impersonateUser;

    /// <summary>Reads a kubeconfig file and connects to a context of it.</summary>
    /// <param name="path">The kubeconfig file.</param>
    /// <param name="context">The context, or null for its <c>current-context</c>.</param>
    /// <param name="options">Options; defaults when null.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The cluster (dispose it).</returns>
    /// <exception cref="KubeconfigException">The kubeconfig is not usable.</exception>
    public static async Task<LiveCluster> FromKubeconfigFileAsync(string path, string? context = null, LiveClusterOptions? options = null, CancellationToken cancellationToken = default) =>
        new(await KubernetesConnection.FromKubeconfigFileAsync(path, context, cancellationToken).ConfigureAwait(false), options);

    /// <summary>
    /// A view of this cluster whose requests impersonate a service account (<c>Impersonate-User:
    /// system:serviceaccount:NS:NAME</c>), sharing connections and discovery; disposing the view does nothing.
    /// </summary>
    /// <param name="serviceAccountNamespace">The service account's namespace.</param>
    /// <param name="serviceAccountName">The service account's name.</param>
    /// <returns>The view.</returns>
    public LiveCluster ImpersonateServiceAccount(string serviceAccountNamespace, string serviceAccountName)
    {
        ArgumentException.ThrowIfNullOrEmpty(serviceAccountNamespace);
        ArgumentException.ThrowIfNullOrEmpty(serviceAccountName);
        return new LiveCluster(this, $"system:serviceaccount:{serviceAccountNamespace}:{serviceAccountName}");
    }

    /// <summary>Forgets the discovered kinds of a group (done by itself when a CRD is applied or deleted through this client).</summary>
    /// <param name="group">The API group (empty for the core group).</param>
    public void InvalidateDiscovery(string group)
    {
        ArgumentNullException.ThrowIfNull(group);
        _discovery.Invalidate(group);
    }

    /// <inheritdoc />
    public async Task<SsaValue?> GetAsync(ObjectReference reference, CancellationToken cancellationToken = default)
    {
        var resource = await ResolveAsync(reference.ApiVersion, reference.Kind, cancellationToken).ConfigureAwait(false);
        var obj = await SendAsync(HttpMethod.Get, ObjectPath(resource, reference), null, null, nullOnNotFound: true, cancellationToken).ConfigureAwait(false);
        return obj is null ? null : WithTypeMeta(obj, reference.ApiVersion, reference.Kind);
    }

    /// <inheritdoc />
    public async Task<SsaValue> ApplyAsync(SsaValue obj, ApplyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentException.ThrowIfNullOrEmpty(request.FieldManager);
        var reference = ObjectReference.From(obj);
        var resource = await ResolveAsync(reference.ApiVersion, reference.Kind, cancellationToken).ConfigureAwait(false);
        var query = new StringBuilder("?fieldManager=").Append(Uri.EscapeDataString(request.FieldManager));
        if (request.Force)
        {
            query.Append("&force=true");
        }

        if (request.DryRun)
        {
            query.Append("&dryRun=All");
        }

        // JSON is YAML: the applied configuration is sent as JSON under the apply-patch+yaml media type, as client-go does.
        var result = await SendAsync(HttpMethod.Patch, ObjectPath(resource, reference) + query, "application/apply-patch+yaml", obj.ToJson(), nullOnNotFound: false, cancellationToken).ConfigureAwait(false);
        if (!request.DryRun)
        {
            ForgetCrdGroup(obj);
        }

        return WithTypeMeta(result!, reference.ApiVersion, reference.Kind);
    }

    /// <inheritdoc />
    public async Task<SsaValue> JsonPatchAsync(ObjectReference reference, IReadOnlyList<SsaValue> operations, string fieldManager, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operations);
        ArgumentException.ThrowIfNullOrEmpty(fieldManager);
        var resource = await ResolveAsync(reference.ApiVersion, reference.Kind, cancellationToken).ConfigureAwait(false);
        var path = ObjectPath(resource, reference) + "?fieldManager=" + Uri.EscapeDataString(fieldManager);
        var result = await SendAsync(HttpMethod.Patch, path, "application/json-patch+json", SsaValue.FromList(operations).ToJson(), nullOnNotFound: false, cancellationToken).ConfigureAwait(false);
        return WithTypeMeta(result!, reference.ApiVersion, reference.Kind);
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(ObjectReference reference, CancellationToken cancellationToken = default)
    {
        var resource = await ResolveAsync(reference.ApiVersion, reference.Kind, cancellationToken).ConfigureAwait(false);
        const string Body = """{"kind":"DeleteOptions","apiVersion":"v1","propagationPolicy":"Background"}""";
        var result = await SendAsync(HttpMethod.Delete, ObjectPath(resource, reference), "application/json", Body, nullOnNotFound: true, cancellationToken).ConfigureAwait(false);
        if (result is not null && reference.Kind == "CustomResourceDefinition" && reference.ApiVersion.StartsWith(CrdGroup + "/", StringComparison.Ordinal))
        {
            var group = Obj.GetString(result, "spec", "group");
            if (group is not null)
            {
                _discovery.Invalidate(group);
            }
        }

        return result is not null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SsaValue>> ListAsync(string apiVersion, string kind, string? inNamespace = null, string? labelSelector = null, CancellationToken cancellationToken = default)
    {
        var resource = await ResolveAsync(apiVersion, kind, cancellationToken).ConfigureAwait(false);
        var path = resource.BasePath + "/" + (resource.Namespaced && !string.IsNullOrEmpty(inNamespace) ? "namespaces/" + Uri.EscapeDataString(inNamespace) + "/" : string.Empty) + resource.Resource;
        var items = new List<SsaValue>();
        string? next = null;
        do
        {
            var query = "?limit=" + _options.ListPageSize.ToString(CultureInfo.InvariantCulture)
                + (labelSelector is { Length: > 0 } ? "&labelSelector=" + Uri.EscapeDataString(labelSelector) : string.Empty)
                + (next is not null ? "&continue=" + Uri.EscapeDataString(next) : string.Empty);
            var list = await SendAsync(HttpMethod.Get, path + query, null, null, nullOnNotFound: false, cancellationToken).ConfigureAwait(false);
            items.AddRange(Obj.GetList(list, "items").Select(i => WithTypeMeta(i, apiVersion, kind)));
            next = Obj.GetString(list, "metadata", "continue") is { Length: > 0 } c ? c : null;
        }
        while (next is not null);
        return items;
    }

    /// <inheritdoc />
    public async Task<bool> IsNamespacedAsync(string apiVersion, string kind, CancellationToken cancellationToken = default) =>
        (await ResolveAsync(apiVersion, kind, cancellationToken).ConfigureAwait(false)).Namespaced;

    /// <summary>Closes the connections (a view from <see cref="ImpersonateServiceAccount"/> leaves them to its parent).</summary>
    public void Dispose()
    {
        if (_ownsTransport)
        {
            _transport.Dispose();
        }
    }

    private Task<ApiResource> ResolveAsync(string apiVersion, string kind, CancellationToken cancellationToken) =>
        _discovery.ResolveAsync(apiVersion, kind, cancellationToken);

    private Task<SsaValue?> SendAsync(HttpMethod method, string path, string? contentType, string? body, bool nullOnNotFound, CancellationToken cancellationToken) =>
        _transport.SendAsync(method, path, contentType, body, _impersonateUser, nullOnNotFound, cancellationToken);

    private string ObjectPath(ApiResource resource, ObjectReference reference)
    {
        if (string.IsNullOrEmpty(reference.Name))
        {
            throw new ClusterException(400, null, $"{reference.Kind}: an object needs metadata.name") { Reason = "BadRequest" };
        }

        var ns = !resource.Namespaced ? null : reference.Namespace.Length == 0 ? Connection.Namespace : reference.Namespace;
        return resource.BasePath + "/" + (ns is null ? string.Empty : "namespaces/" + Uri.EscapeDataString(ns) + "/") + resource.Resource + "/" + Uri.EscapeDataString(reference.Name);
    }

    private void ForgetCrdGroup(SsaValue obj)
    {
        if (Obj.GetString(obj, "kind") == "CustomResourceDefinition" && Obj.GetString(obj, "apiVersion")?.StartsWith(CrdGroup + "/", StringComparison.Ordinal) == true
            && Obj.GetString(obj, "spec", "group") is { } group)
        {
            _discovery.Invalidate(group);
        }
    }

    private static SsaValue WithTypeMeta(SsaValue obj, string apiVersion, string kind) =>
        Obj.GetString(obj, "apiVersion") is null ? Obj.With(Obj.With(obj, "apiVersion", SsaValue.FromString(apiVersion)), "kind", SsaValue.FromString(kind)) : obj;
}
