using System.Text;
using GitOps.Kubernetes.Emulator.Resources;
using GitOps.Kubernetes.Emulator.Store;
using GitOps.Kubernetes.Emulator.Store.Internal;
using GitOps.Ssa.Schema;
using GitOps.Ssa.Values;
using Microsoft.AspNetCore.Http;

namespace GitOps.Kubernetes.Emulator.Http.Internal;

/// <summary>Maps Kubernetes REST requests onto an <see cref="IKubernetesObjectStore"/>.</summary>
internal sealed class ApiHandler(IKubernetesObjectStore store, string token, long maxBodyBytes, TimeProvider time)
{
    private static readonly string[] Anonymous = ["/version", "/healthz", "/livez", "/readyz"];
    private readonly byte[] _token = Encoding.UTF8.GetBytes(token);

    public async Task HandleAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        try
        {
            var path = context.Request.Path.Value ?? "/";
            if (!Anonymous.Contains(path, StringComparer.Ordinal) && !Authorized(context.Request))
            {
                await WriteAsync(context, 401, KubernetesApiException.BuildStatus(401, "Unauthorized", "Unauthorized", null)).ConfigureAwait(false);
                return;
            }

            await RouteAsync(context, path, cancellationToken).ConfigureAwait(false);
        }
        catch (KubernetesApiException e)
        {
            await WriteAsync(context, e.StatusCode, e.Status).ConfigureAwait(false);
        }
        catch (GitOpsException e)
        {
            await WriteAsync(context, 500, KubernetesApiException.BuildStatus(500, "InternalError", e.Message, null)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away (a watch ended by the client).
        }
    }

    private bool Authorized(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.Ordinal)
            && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[7..].Trim()), _token);
    }

    private async Task RouteAsync(HttpContext context, string path, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var aggregated = request.Headers.Accept.ToString().Contains("as=APIGroupDiscoveryList", StringComparison.Ordinal);
        var catalog = store.Resources;
        switch (path)
        {
            case "/version":
                await WriteAsync(context, 200, Discovery.Version()).ConfigureAwait(false);
                return;
            case "/healthz" or "/livez" or "/readyz":
                context.Response.ContentType = "text/plain";
                await context.Response.WriteAsync("ok", cancellationToken).ConfigureAwait(false);
                return;
            case "/api":
                await WriteAsync(context, 200, aggregated ? Discovery.Aggregated(catalog, core: true) : Discovery.ApiVersions(request.Host.Value ?? "127.0.0.1"), aggregated ? Discovery.AggregatedMediaType : null).ConfigureAwait(false);
                return;
            case "/apis":
                await WriteAsync(context, 200, aggregated ? Discovery.Aggregated(catalog, core: false) : Discovery.GroupList(catalog), aggregated ? Discovery.AggregatedMediaType : null).ConfigureAwait(false);
                return;
            case "/openapi/v2":
                if (!request.Headers.Accept.ToString().Contains("json", StringComparison.Ordinal) && request.Headers.Accept.Count > 0 && request.Headers.Accept.ToString() != "*/*")
                {
                    await WriteAsync(context, 406, KubernetesApiException.BuildStatus(406, "NotAcceptable", "only application/json is served", null)).ConfigureAwait(false);
                    return;
                }

                await WriteAsync(context, 200, OpenApi.V2(catalog, await SchemaAsync(cancellationToken).ConfigureAwait(false))).ConfigureAwait(false);
                return;
            case "/openapi/v3":
                await WriteAsync(context, 200, OpenApi.V3Root(catalog)).ConfigureAwait(false);
                return;
        }

        if (path.StartsWith("/openapi/v3/", StringComparison.Ordinal))
        {
            var document = OpenApi.V3(catalog, await SchemaAsync(cancellationToken).ConfigureAwait(false), path["/openapi/v3/".Length..])
                ?? throw KubernetesApiException.NotFoundPath("the server could not find the requested resource");
            await WriteAsync(context, 200, document).ConfigureAwait(false);
            return;
        }

        var segments = path.Trim('/').Split('/');
        string group, version;
        int rest;
        if (segments[0] == "api" && segments.Length >= 2)
        {
            (group, version, rest) = (string.Empty, segments[1], 2);
        }
        else if (segments[0] == "apis" && segments.Length >= 3)
        {
            (group, version, rest) = (segments[1], segments[2], 3);
        }
        else if (segments[0] == "apis" && segments.Length == 2)
        {
            await WriteAsync(context, 200, Discovery.Group(catalog, segments[1]) ?? throw KubernetesApiException.NotFoundPath("the server could not find the requested resource")).ConfigureAwait(false);
            return;
        }
        else
        {
            throw KubernetesApiException.NotFoundPath("the server could not find the requested resource");
        }

        if (segments.Length == rest)
        {
            await WriteAsync(context, 200, Discovery.ResourceList(catalog, group, version) ?? throw KubernetesApiException.NotFoundPath("the server could not find the requested resource")).ConfigureAwait(false);
            return;
        }

        var tail = segments[rest..];
        var watchPrefix = tail[0] == "watch";
        if (watchPrefix)
        {
            tail = tail[1..];
        }

        string? ns = null;
        if (tail.Length >= 3 && tail[0] == "namespaces")
        {
            ns = tail[1];
            tail = tail[2..];
        }

        if (tail.Length == 0 || !catalog.TryFindResource(group, version, tail[0], out var type))
        {
            throw KubernetesApiException.NotFoundPath("the server could not find the requested resource");
        }

        var name = tail.Length > 1 ? tail[1] : null;
        var subresource = tail.Length > 2 ? tail[2] : null;
        if (tail.Length > 3 || !type.Namespaced && ns is not null)
        {
            throw KubernetesApiException.NotFoundPath("the server could not find the requested resource");
        }

        await DispatchAsync(context, type, ns, name, subresource, watchPrefix, cancellationToken).ConfigureAwait(false);
    }

    private async Task DispatchAsync(HttpContext context, KubernetesResourceType type, string? ns, string? name, string? subresource, bool watch, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var query = request.Query;
        watch |= query["watch"] is var w && (w == "true" || w == "1");
        var write = new KubernetesWriteOptions
        {
            FieldManager = query["fieldManager"].FirstOrDefault(),
            Force = query["force"] == "true",
            DryRun = query["dryRun"] == "All",
            DefaultFieldManager = UserAgentManager(request.Headers.UserAgent.ToString()),
        };
        switch (request.Method, name)
        {
            case ("GET", null) when watch:
                await WatchAsync(context, type, ns, cancellationToken).ConfigureAwait(false);
                return;
            case ("GET", null):
                var list = await store.ListAsync(type, ns, new KubernetesListOptions
                {
                    LabelSelector = query["labelSelector"].FirstOrDefault(),
                    FieldSelector = query["fieldSelector"].FirstOrDefault(),
                    Limit = int.TryParse(query["limit"], out var limit) ? limit : 0,
                    Continue = query["continue"].FirstOrDefault() is { Length: > 0 } c ? c : null,
                }, cancellationToken).ConfigureAwait(false);
                await WriteAsync(context, 200, await AsTableIfAskedAsync(request, type, list, true, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
                return;
            case ("GET", _):
                var got = await store.GetAsync(type, ns, name, subresource, cancellationToken).ConfigureAwait(false);
                await WriteAsync(context, 200, subresource is null ? await AsTableIfAskedAsync(request, type, got, false, cancellationToken).ConfigureAwait(false) : got).ConfigureAwait(false);
                return;
            case ("POST", null):
                var created = await store.CreateAsync(type, ns, await ReadJsonAsync(request, cancellationToken).ConfigureAwait(false), write, cancellationToken).ConfigureAwait(false);
                await WriteAsync(context, 201, created.Value).ConfigureAwait(false);
                return;
            case ("PUT", not null):
                var updated = await store.UpdateAsync(type, ns, name, await ReadJsonAsync(request, cancellationToken).ConfigureAwait(false), write, subresource, cancellationToken).ConfigureAwait(false);
                await WriteAsync(context, updated.Created ? 201 : 200, updated.Value).ConfigureAwait(false);
                return;
            case ("PATCH", not null):
                var patched = await PatchAsync(request, type, ns, name, subresource, write, cancellationToken).ConfigureAwait(false);
                await WriteAsync(context, patched.Created ? 201 : 200, patched.Value).ConfigureAwait(false);
                return;
            case ("DELETE", not null):
                await DeleteAsync(context, type, ns, name, cancellationToken).ConfigureAwait(false);
                return;
            case ("DELETE", null):
                await DeleteCollectionAsync(context, type, ns, cancellationToken).ConfigureAwait(false);
                return;
            default:
                throw KubernetesApiException.MethodNotAllowed($"the server does not allow this method on the requested resource ({request.Method})");
        }
    }

    private async Task<SsaValue> AsTableIfAskedAsync(HttpRequest request, KubernetesResourceType type, SsaValue answer, bool list, CancellationToken cancellationToken) =>
        TableResponses.Wanted(request, out var apiVersion)
            ? await TableResponses.ConvertAsync(store, type, answer, list, request, apiVersion, time.GetUtcNow(), cancellationToken).ConfigureAwait(false)
            : answer;

    private async Task<KubernetesWriteResult> PatchAsync(HttpRequest request, KubernetesResourceType type, string? ns, string name, string? subresource, KubernetesWriteOptions write, CancellationToken cancellationToken)
    {
        var contentType = (request.ContentType ?? string.Empty).Split(';')[0].Trim();
        var body = await ReadTextAsync(request, cancellationToken).ConfigureAwait(false);
        if (contentType == "application/apply-patch+yaml" || contentType == "application/apply-patch+cbor")
        {
            SsaValue? config;
            try
            {
                config = SsaValue.ParseYaml(body);
            }
            catch (GitOpsException e)
            {
                throw KubernetesApiException.BadRequest("error decoding YAML: " + e.Message);
            }

            return await store.ApplyAsync(type, ns, name, config ?? SsaValue.EmptyMap, write, subresource, cancellationToken).ConfigureAwait(false);
        }

        var patchType = contentType switch
        {
            "application/merge-patch+json" => KubernetesPatchType.Merge,
            "application/json-patch+json" => KubernetesPatchType.Json,
            "application/strategic-merge-patch+json" => KubernetesPatchType.StrategicMerge,
            _ => throw KubernetesApiException.UnsupportedMediaType(contentType),
        };
        return await store.PatchAsync(type, ns, name, patchType, body, write, subresource, cancellationToken).ConfigureAwait(false);
    }

    private async Task DeleteAsync(HttpContext context, KubernetesResourceType type, string? ns, string name, CancellationToken cancellationToken)
    {
        var options = await DeleteOptionsAsync(context.Request, cancellationToken).ConfigureAwait(false);
        var result = await store.DeleteAsync(type, ns, name, options, cancellationToken).ConfigureAwait(false);
        if (!result.Deleted || ReturnsDeletedObject(type))
        {
            await WriteAsync(context, 200, result.Value).ConfigureAwait(false);
            return;
        }

        await WriteAsync(context, 200, Success(type, name, Obj.MetaString(result.Value, "uid"))).ConfigureAwait(false);
    }

    private async Task DeleteCollectionAsync(HttpContext context, KubernetesResourceType type, string? ns, CancellationToken cancellationToken)
    {
        var options = await DeleteOptionsAsync(context.Request, cancellationToken).ConfigureAwait(false);
        var list = await store.ListAsync(type, ns, new KubernetesListOptions
        {
            LabelSelector = context.Request.Query["labelSelector"].FirstOrDefault(),
            FieldSelector = context.Request.Query["fieldSelector"].FirstOrDefault(),
        }, cancellationToken).ConfigureAwait(false);
        foreach (var item in list.AsMap["items"].AsList)
        {
            try
            {
                await store.DeleteAsync(type, Obj.MetaString(item, "namespace"), Obj.MetaString(item, "name")!, options, cancellationToken).ConfigureAwait(false);
            }
            catch (KubernetesApiException e) when (e.StatusCode == 404)
            {
                // Deleted meanwhile (a cascade).
            }
        }

        await WriteAsync(context, 200, list).ConfigureAwait(false);
    }

    private async Task<KubernetesDeleteOptions> DeleteOptionsAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var options = new KubernetesDeleteOptions
        {
            PropagationPolicy = request.Query["propagationPolicy"].FirstOrDefault(),
            DryRun = request.Query["dryRun"] == "All",
        };
        var text = await ReadTextAsync(request, cancellationToken).ConfigureAwait(false);
        if (!string.IsNullOrWhiteSpace(text))
        {
            var body = Parse(text);
            options.PropagationPolicy = Obj.GetString(body, "propagationPolicy") ?? options.PropagationPolicy;
            options.PreconditionUid = Obj.GetString(Obj.Get(body, "preconditions"), "uid");
            options.PreconditionResourceVersion = Obj.GetString(Obj.Get(body, "preconditions"), "resourceVersion");
            options.DryRun |= Obj.Get(body, "dryRun") is { IsList: true } dryRun && dryRun.AsList.Any(v => v.Kind == SsaValueKind.String && v.AsString == "All");
            if (Obj.Get(body, "orphanDependents") is { Kind: SsaValueKind.Boolean } orphan && orphan.AsBoolean)
            {
                options.PropagationPolicy = "Orphan";
            }
        }

        return options;
    }

    private async Task WatchAsync(HttpContext context, KubernetesResourceType type, string? ns, CancellationToken cancellationToken)
    {
        var query = context.Request.Query;
        var options = new KubernetesWatchOptions
        {
            LabelSelector = query["labelSelector"].FirstOrDefault(),
            FieldSelector = query["fieldSelector"].FirstOrDefault(),
            ResourceVersion = query["resourceVersion"].FirstOrDefault(),
            AllowBookmarks = query["allowWatchBookmarks"] == "true",
            SendInitialEvents = query["sendInitialEvents"] == "true",
            Timeout = int.TryParse(query["timeoutSeconds"], out var seconds) && seconds > 0 ? TimeSpan.FromSeconds(seconds) : null,
        };
        var asTable = TableResponses.Wanted(context.Request, out var tableVersion)
            ? await TableResponses.WatchConverterAsync(store, type, context.Request, tableVersion, cancellationToken).ConfigureAwait(false)
            : null;
        var events = store.WatchAsync(type, ns, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        await using (events.ConfigureAwait(false))
        {
            // The first MoveNext runs the subscription, so a 410 Gone still becomes a plain error response.
            var pending = events.MoveNextAsync().AsTask();
            var response = context.Response;
            response.StatusCode = 200;
            response.ContentType = "application/json";
            await response.StartAsync(cancellationToken).ConfigureAwait(false);
            while (await pending.ConfigureAwait(false))
            {
                var e = events.Current;
                var value = asTable is not null && e.TypeName is "ADDED" or "MODIFIED" or "DELETED" ? asTable(e.Value, time.GetUtcNow()) : e.Value;
                var line = "{\"type\":\"" + e.TypeName + "\",\"object\":" + value.ToJson() + "}\n";
                await response.WriteAsync(line, cancellationToken).ConfigureAwait(false);
                await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
                pending = events.MoveNextAsync().AsTask();
            }
        }
    }

    private async Task<SsaSchema> SchemaAsync(CancellationToken cancellationToken)
    {
        var schema = SsaSchema.Kubernetes;
        if (store.Resources.TryFindKind("apiextensions.k8s.io/v1", "CustomResourceDefinition", out var crdType))
        {
            var crds = await store.ListAsync(crdType, null, null, cancellationToken).ConfigureAwait(false);
            foreach (var crd in crds.AsMap["items"].AsList)
            {
                try
                {
                    schema = schema.WithCustomResourceDefinition(Obj.With(Obj.With(crd, "apiVersion", Obj.Str("apiextensions.k8s.io/v1")), "kind", Obj.Str("CustomResourceDefinition")));
                }
                catch (GitOpsException)
                {
                    // A CRD whose schema the engine cannot read is served without OpenAPI.
                }
            }
        }

        return schema;
    }

    // The registries built with ReturnDeletedObject answer a DELETE with the object, the others with a Status.
    private static bool ReturnsDeletedObject(KubernetesResourceType type) => type.Group switch
    {
        "" => type.Kind is "Pod" or "Namespace" or "Service" or "PersistentVolumeClaim" or "PersistentVolume" or "ServiceAccount" or "ResourceQuota" or "PodTemplate",
        "storage.k8s.io" => type.Kind is "CSIDriver" or "StorageClass" or "VolumeAttachment" or "CSINode" or "VolumeAttributesClass",
        "resource.k8s.io" => true,
        _ => false,
    };

    private static SsaValue Success(KubernetesResourceType type, string name, string? uid) => Obj.Map(
        ("kind", Obj.Str("Status")),
        ("apiVersion", Obj.Str("v1")),
        ("metadata", SsaValue.EmptyMap),
        ("status", Obj.Str("Success")),
        ("details", Obj.Map(("name", Obj.Str(name)), ("group", type.Group.Length == 0 ? null : Obj.Str(type.Group)), ("kind", Obj.Str(type.Resource)), ("uid", uid is null ? null : Obj.Str(uid)))));

    // The API server names managers of non-apply writes after the user agent's product (kubectl-client-side-apply/v1.32 ...).
    private static string UserAgentManager(string userAgent)
    {
        var product = userAgent.Split('/')[0].Trim();
        return product.Length == 0 ? "unknown" : product.Length > 128 ? product[..128] : product;
    }

    private async Task<SsaValue> ReadJsonAsync(HttpRequest request, CancellationToken cancellationToken) =>
        Parse(await ReadTextAsync(request, cancellationToken).ConfigureAwait(false));

    private static SsaValue Parse(string text)
    {
        try
        {
            return SsaValue.ParseJson(text);
        }
        catch (GitOpsException e)
        {
            throw KubernetesApiException.BadRequest("the body of the request could not be decoded: " + e.Message);
        }
    }

    // The body straight from Kestrel's pipe into one string (no copy through a MemoryStream): every apply pays this.
    private async Task<string> ReadTextAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBodyBytes)
        {
            throw TooLarge();
        }

        var reader = request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (buffer.Length > maxBodyBytes)
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
                throw TooLarge();
            }

            if (result.IsCompleted || result.IsCanceled)
            {
                var text = Encoding.UTF8.GetString(buffer);
                reader.AdvanceTo(buffer.End);
                return text;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private KubernetesApiException TooLarge() =>
        new(KubernetesApiException.BuildStatus(413, "RequestEntityTooLarge", "the request body is larger than " + maxBodyBytes + " bytes", null));

    private static async Task WriteAsync(HttpContext context, int status, SsaValue body, string? contentType = null)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = contentType ?? "application/json";
        // Encoded into Kestrel's pipe rather than a byte[] of its own (a large list would land on the large object heap).
        var json = body.ToJson();
        context.Response.ContentLength = Encoding.UTF8.GetByteCount(json);
        Encoding.UTF8.GetBytes(json, context.Response.BodyWriter);
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }
}
