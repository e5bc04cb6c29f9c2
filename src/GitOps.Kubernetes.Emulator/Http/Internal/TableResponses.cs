using System.Globalization;
using GitOps.Kubernetes.Emulator.Resources;
using GitOps.Kubernetes.Emulator.Store;
using GitOps.Kubernetes.Emulator.Store.Internal;
using GitOps.Ssa.Values;
using Microsoft.AspNetCore.Http;
using static GitOps.Kubernetes.Emulator.Http.Internal.TableFormat;

namespace GitOps.Kubernetes.Emulator.Http.Internal;

/// <summary>
/// <c>meta.k8s.io/v1 Table</c> answers to GET and LIST when the client asks for them in <c>Accept</c>, as
/// <c>kubectl get</c> does: the built-in printers, CRD <c>additionalPrinterColumns</c> for custom resources,
/// and each row's object as <c>PartialObjectMetadata</c> or in full per <c>includeObject</c>.
/// </summary>
internal static class TableResponses
{
    /// <summary>Whether the request accepts a Table (<c>application/json;as=Table;v=v1|v1beta1;g=meta.k8s.io</c>).</summary>
    public static bool Wanted(HttpRequest request, out string apiVersion)
    {
        apiVersion = "meta.k8s.io/v1";
        foreach (var accept in request.Headers.Accept.ToString().Split(','))
        {
            var parameters = accept.Split(';').Select(p => p.Trim()).ToList();
            if (parameters[0] is not ("application/json" or "*/*") || !parameters.Contains("as=Table") || !parameters.Contains("g=meta.k8s.io"))
            {
                continue;
            }

            apiVersion = parameters.Contains("v=v1beta1") ? "meta.k8s.io/v1beta1" : "meta.k8s.io/v1";
            return parameters.Contains("v=v1") || parameters.Contains("v=v1beta1");
        }

        return false;
    }

    /// <summary>Converts an object or a list answer into a Table.</summary>
    public static async Task<SsaValue> ConvertAsync(IKubernetesObjectStore store, KubernetesResourceType type, SsaValue answer, bool list, HttpRequest request, string apiVersion, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var printer = await PrinterAsync(store, type, cancellationToken).ConfigureAwait(false);
        return Table(printer, type, answer, list, Include(request), apiVersion, now, headers: true);
    }

    /// <summary>
    /// A converter of watch event objects into one-row Tables, as the server encodes a watch that asked for them:
    /// the column definitions ride on the first event only (kubectl reuses them for the rest).
    /// </summary>
    public static async Task<Func<SsaValue, DateTimeOffset, SsaValue>> WatchConverterAsync(IKubernetesObjectStore store, KubernetesResourceType type, HttpRequest request, string apiVersion, CancellationToken cancellationToken)
    {
        var printer = await PrinterAsync(store, type, cancellationToken).ConfigureAwait(false);
        var include = Include(request);
        var headers = true;
        return (obj, now) =>
        {
            var table = Table(printer, type, obj, false, include, apiVersion, now, headers);
            headers = false;
            return table;
        };
    }

    private static string Include(HttpRequest request) => request.Query["includeObject"].FirstOrDefault() ?? "Metadata";

    private static async Task<TablePrinter> PrinterAsync(IKubernetesObjectStore store, KubernetesResourceType type, CancellationToken cancellationToken) =>
        KubernetesResourceCatalog.BuiltIn.Types.Contains(type)
            ? TablePrinters.For(type.Group, type.Kind)
            : await CustomResourcePrinterAsync(store, type, cancellationToken).ConfigureAwait(false);

    private static SsaValue Table(TablePrinter printer, KubernetesResourceType type, SsaValue answer, bool list, string include, string apiVersion, DateTimeOffset now, bool headers)
    {
        var items = list ? Items(Obj.Get(answer, "items")) : [answer];
        var rows = items.Select(item => Row(printer, item, type, include, now)).ToList();
        var metadata = Obj.Map(
            ("resourceVersion", Obj.Meta(answer, "resourceVersion")),
            ("continue", list ? Obj.Meta(answer, "continue") : null),
            ("remainingItemCount", list ? Obj.Meta(answer, "remainingItemCount") : null));
        return Obj.Map(
            ("kind", Obj.Str("Table")),
            ("apiVersion", Obj.Str(apiVersion)),
            ("metadata", metadata),
            ("columnDefinitions", headers ? SsaValue.FromList(printer.Columns.Select(Column)) : null),
            ("rows", SsaValue.FromList(rows)));
    }

    private static SsaValue Column(TableColumn c) => Obj.Map(
        ("name", Obj.Str(c.Name)),
        ("type", Obj.Str(c.Type)),
        ("format", Obj.Str(c.Format)),
        ("description", Obj.Str(c.Description)),
        ("priority", SsaValue.FromInt64(c.Priority)));

    private static SsaValue Row(TablePrinter printer, SsaValue item, KubernetesResourceType type, string include, DateTimeOffset now)
    {
        var withType = Obj.With(Obj.With(item, "apiVersion", Obj.Str(type.ApiVersion)), "kind", Obj.Str(type.Kind));
        SsaValue? obj = include switch
        {
            "None" => null,
            "Object" => withType,
            _ => Obj.Map(("kind", Obj.Str("PartialObjectMetadata")), ("apiVersion", Obj.Str("meta.k8s.io/v1")), ("metadata", Obj.Get(item, "metadata") ?? SsaValue.EmptyMap)),
        };
        var conditions = type is { Group: "", Kind: "Pod" } ? PodConditions(item) : null;
        return Obj.Map(("cells", SsaValue.FromList(printer.Row(withType, now))), ("conditions", conditions), ("object", obj));
    }

    private static SsaValue? PodConditions(SsaValue pod) => Obj.GetString(Obj.Get(pod, "status"), "phase") switch
    {
        "Succeeded" => SsaValue.FromList([Obj.Map(("type", Obj.Str("Completed")), ("status", Obj.Str("True")), ("reason", Obj.Str("Succeeded")), ("message", Obj.Str("The pod has completed successfully.")))]),
        "Failed" => SsaValue.FromList([Obj.Map(("type", Obj.Str("Completed")), ("status", Obj.Str("True")), ("reason", Obj.Str("Failed")), ("message", Obj.Str("The pod failed.")))]),
        _ => null,
    };

    /// <summary>The apiextensions server's convertor: Name, then the served version's additionalPrinterColumns (Age when it has none).</summary>
    private static async Task<TablePrinter> CustomResourcePrinterAsync(IKubernetesObjectStore store, KubernetesResourceType type, CancellationToken cancellationToken)
    {
        var columns = new List<(TableColumn Column, string JsonPath)>();
        if (store.Resources.TryFindKind("apiextensions.k8s.io/v1", "CustomResourceDefinition", out var crdType))
        {
            try
            {
                var crd = await store.GetAsync(crdType, null, type.Resource + "." + type.Group, null, cancellationToken).ConfigureAwait(false);
                var version = Items(Obj.Path(crd, "spec.versions")).FirstOrDefault(v => Obj.GetString(v, "name") == type.Version);
                foreach (var c in Items(Obj.Get(version, "additionalPrinterColumns")))
                {
                    columns.Add((new TableColumn(Text(Obj.Get(c, "name")), Text(Obj.Get(c, "type")), (int)Int(Obj.Get(c, "priority")), Text(Obj.Get(c, "format")), Text(Obj.Get(c, "description"))),
                        Text(Obj.Get(c, "jsonPath"))));
                }
            }
            catch (KubernetesApiException e) when (e.StatusCode == 404)
            {
                // The CRD went away meanwhile: default columns.
            }
        }

        if (columns.Count == 0)
        {
            columns.Add((new TableColumn("Age", "date", Description: TablePrinters.AgeDescription), ".metadata.creationTimestamp"));
        }

        var all = new List<TableColumn> { new("Name", "string", Format: "name", Description: TablePrinters.NameDescription) };
        all.AddRange(columns.Select(c => c.Column));
        return new TablePrinter(all, (o, now) =>
        {
            var cells = new List<SsaValue> { Obj.Str(TablePrinters.Name(o)) };
            cells.AddRange(columns.Select(c => Cell(c.Column.Type, SimpleJsonPath.Find(o, c.JsonPath), now)));
            return [.. cells];
        });
    }

    // cellForJSONValue: a value of the column's type, or null (an empty cell) when it does not fit.
    private static SsaValue Cell(string type, SsaValue? value, DateTimeOffset now)
    {
        if (value is null || value.IsNull)
        {
            return SsaValue.Null;
        }

        return type switch
        {
            "string" => Obj.Str(value.IsScalar ? Text(value) : GoPrint(value)),
            "integer" when value.Kind is SsaValueKind.Integer or SsaValueKind.Float => SsaValue.FromInt64(Int(value)),
            "number" when value.Kind is SsaValueKind.Integer or SsaValueKind.Float => SsaValue.FromDouble(value.AsDouble),
            "boolean" when value.Kind == SsaValueKind.Boolean => value,
            "date" when value.Kind == SsaValueKind.String => Obj.Str(ParseTime(value) is { } t ? HumanDuration(now - t) : "<invalid>"),
            _ => SsaValue.Null,
        };
    }

    // Go's fmt.Sprint of a decoded JSON map or list, as the JSONPath printer writes a non-scalar.
    private static string GoPrint(SsaValue value) => value.Kind switch
    {
        SsaValueKind.Map => "map[" + string.Join(' ', value.AsMap.Entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Key + ":" + GoPrint(e.Value))) + "]",
        SsaValueKind.List => "[" + string.Join(' ', value.AsList.Select(GoPrint)) + "]",
        SsaValueKind.Null => "<nil>",
        SsaValueKind.Float => value.AsDouble.ToString(CultureInfo.InvariantCulture),
        _ => Text(value),
    };
}
