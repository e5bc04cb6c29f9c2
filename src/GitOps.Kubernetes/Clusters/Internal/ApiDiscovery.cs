using System.Collections.Concurrent;
using GitOps.Kubernetes.Objects.Internal;
using GitOps.Ssa.Values;

namespace GitOps.Kubernetes.Clusters.Internal;

/// <summary>One served kind: its group/version, plural resource name and scope.</summary>
internal readonly record struct ApiResource(string GroupVersion, string Resource, bool Namespaced)
{
    public string BasePath => GroupVersion.Contains('/', StringComparison.Ordinal) ? "apis/" + GroupVersion : "api/" + GroupVersion;
}

/// <summary>
/// Discovery as kubectl's RESTMapper does it: the resource list of a group/version (<c>/api/v1</c>,
/// <c>/apis/GROUP/VERSION</c>), read once and cached; a group is read again when a CRD of it is applied or deleted, and a
/// kind that is not found is looked up once more (a CRD that became established since).
/// </summary>
internal sealed class ApiDiscovery(ApiTransport transport)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<IReadOnlyDictionary<string, ApiResource>>>> _groups = new(StringComparer.Ordinal);

    public async Task<ApiResource> ResolveAsync(string apiVersion, string kind, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(apiVersion) || string.IsNullOrEmpty(kind))
        {
            throw new ClusterException(400, null, "an object needs apiVersion and kind") { Reason = "BadRequest" };
        }

        for (var attempt = 0; attempt < 2; attempt++)
        {
            var lazy = _groups.GetOrAdd(apiVersion, gv => new Lazy<Task<IReadOnlyDictionary<string, ApiResource>>>(() => ReadAsync(gv, cancellationToken)));
            IReadOnlyDictionary<string, ApiResource> kinds;
            try
            {
                kinds = await lazy.Value.ConfigureAwait(false);
            }
            catch
            {
                _groups.TryRemove(new KeyValuePair<string, Lazy<Task<IReadOnlyDictionary<string, ApiResource>>>>(apiVersion, lazy));
                throw;
            }

            if (kinds.TryGetValue(kind, out var resource))
            {
                return resource;
            }

            _groups.TryRemove(new KeyValuePair<string, Lazy<Task<IReadOnlyDictionary<string, ApiResource>>>>(apiVersion, lazy));
        }

        throw new ClusterException(404, null, $"no matches for kind \"{kind}\" in version \"{apiVersion}\"") { Reason = "NotFound" };
    }

    /// <summary>Forgets what is known of a group (every version), after a CRD of it changed.</summary>
    public void Invalidate(string group)
    {
        foreach (var key in _groups.Keys)
        {
            var keyGroup = key.Contains('/', StringComparison.Ordinal) ? key[..key.IndexOf('/', StringComparison.Ordinal)] : string.Empty;
            if (keyGroup == group)
            {
                _groups.TryRemove(key, out _);
            }
        }
    }

    private async Task<IReadOnlyDictionary<string, ApiResource>> ReadAsync(string groupVersion, CancellationToken cancellationToken)
    {
        var path = (groupVersion.Contains('/', StringComparison.Ordinal) ? "apis/" : "api/") + groupVersion;
        var list = await transport.SendAsync(HttpMethod.Get, path, null, null, null, nullOnNotFound: true, cancellationToken).ConfigureAwait(false);
        var kinds = new Dictionary<string, ApiResource>(StringComparer.Ordinal);
        foreach (var r in Obj.GetList(list, "resources"))
        {
            var name = Obj.GetString(r, "name");
            var kind = Obj.GetString(r, "kind");
            if (name is null || kind is null || name.Contains('/', StringComparison.Ordinal))
            {
                continue;
            }

            kinds.TryAdd(kind, new ApiResource(groupVersion, name, Obj.Get(r, "namespaced") is { Kind: SsaValueKind.Boolean } n && n.AsBoolean));
        }

        return kinds;
    }
}
