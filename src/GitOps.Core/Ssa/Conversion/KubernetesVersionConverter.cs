using System.Diagnostics.CodeAnalysis;
using GitOps.Ssa.Conversion.Internal;
using GitOps.Ssa.Merge.Internal;
using GitOps.Ssa.Schema;
using GitOps.Ssa.Typed.Internal;
using GitOps.Ssa.Values;

namespace GitOps.Ssa.Conversion;

/// <summary>
/// Converts built-in objects between the API versions the API server serves them at, so that managers
/// recorded at one version can be compared with writes at another (the API server's version converter).
/// Objects name their version in <c>apiVersion</c>; an object without one is taken to be at the target
/// version already. Supported: the same version (identity) and HorizontalPodAutoscaler
/// <c>autoscaling/v1</c> ⇄ <c>autoscaling/v2</c> (CPU target as <c>targetCPUUtilizationPercentage</c>,
/// the rest in the <c>autoscaling.alpha.kubernetes.io/*</c> annotations). Other versions are reported
/// as missing, so managers at them are dropped.
/// </summary>
public sealed class KubernetesVersionConverter : IVersionConverter
{
    private readonly SsaSchema _schema;

    /// <summary>Creates the converter.</summary>
    /// <param name="schema">The schema the converted objects are typed with (it must have the target version's kind).</param>
    internal KubernetesVersionConverter(SsaSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        _schema = schema;
    }

    /// <summary>Whether objects of a kind convert between two API versions.</summary>
    /// <param name="kind">The kind.</param>
    /// <param name="fromApiVersion">The object's API version.</param>
    /// <param name="toApiVersion">The target API version.</param>
    /// <returns>True for the same version and the supported conversions.</returns>
    public static bool CanConvert(string kind, string fromApiVersion, string toApiVersion) =>
        fromApiVersion == toApiVersion
        || (kind == "HorizontalPodAutoscaler" && IsAutoscaling(fromApiVersion) && IsAutoscaling(toApiVersion));

    /// <summary>The API versions an object of a kind can be converted to from <paramref name="apiVersion"/>.</summary>
    /// <param name="kind">The kind.</param>
    /// <param name="apiVersion">The object's API version.</param>
    /// <returns>The versions, <paramref name="apiVersion"/> first.</returns>
    public static IReadOnlyList<string> VersionsOf(string kind, string apiVersion) =>
        kind == "HorizontalPodAutoscaler" && IsAutoscaling(apiVersion)
            ? [apiVersion, apiVersion == "autoscaling/v1" ? "autoscaling/v2" : "autoscaling/v1"]
            : [apiVersion];

    /// <summary>Converts an object to an API version.</summary>
    /// <param name="value">The object (with <c>apiVersion</c> and <c>kind</c>).</param>
    /// <param name="apiVersion">The target API version.</param>
    /// <returns>The converted object, with <c>apiVersion</c> set to the target.</returns>
    /// <exception cref="SsaFormatException">The conversion is not supported, or a carried annotation is not valid JSON.</exception>
    public static SsaValue Convert(SsaValue value, string apiVersion)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentException.ThrowIfNullOrEmpty(apiVersion);
        var from = value.IsMap && value.AsMap.TryGetValue("apiVersion", out var v) && v.Kind == SsaValueKind.String ? v.AsString : apiVersion;
        var kind = value.IsMap && value.AsMap.TryGetValue("kind", out var k) && k.Kind == SsaValueKind.String ? k.AsString : string.Empty;
        if (from == apiVersion)
        {
            return value;
        }

        if (!CanConvert(kind, from, apiVersion))
        {
            throw new SsaFormatException($"no conversion of {kind} from {from} to {apiVersion}");
        }

        return apiVersion == "autoscaling/v1" ? HorizontalPodAutoscalerConversion.ToV1(value) : HorizontalPodAutoscalerConversion.ToV2(value);
    }

    /// <inheritdoc />
    bool IVersionConverter.TryConvert(TypedValue value, string version, [NotNullWhen(true)] out TypedValue? converted)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentException.ThrowIfNullOrEmpty(version);
        converted = null;
        var obj = value.Value;
        var from = obj.IsMap && obj.AsMap.TryGetValue("apiVersion", out var v) && v.Kind == SsaValueKind.String ? v.AsString : version;
        if (from == version)
        {
            converted = value;
            return true;
        }

        var kind = obj.IsMap && obj.AsMap.TryGetValue("kind", out var k) && k.Kind == SsaValueKind.String ? k.AsString : string.Empty;
        if (!CanConvert(kind, from, version) || !_schema.TryGetKindType(version, kind, out var type))
        {
            return false;
        }

        converted = TypedValue.Create(Convert(obj, version), _schema, type, allowDuplicates: true);
        return true;
    }

    private static bool IsAutoscaling(string apiVersion) => apiVersion is "autoscaling/v1" or "autoscaling/v2";
}
