using System.Globalization;
using GitOps.GoFormat.Internal;
using GitOps.Ssa.Values;
using GitOps.Yaml;

namespace GitOps.Helm.Values.Internal;

/// <summary>
/// Values files through Core's one reader and one value conversion: read in the Kubernetes dialect
/// (sigs.k8s.io/yaml, as Helm reads them), taken down the YAML-to-JSON road once (<see cref="SsaValue.FromYaml"/>),
/// and brought back as a tree whose scalars read the same in every dialect, numbers at float64 precision.
/// </summary>
internal static class ValuesTree
{
    private const string ConversionPrefix = "error converting YAML to JSON: ";

    private static readonly YamlReaderOptions ReaderOptions = new()
    {
        Dialect = YamlDialect.Kubernetes,
        MaxInputBytes = HelmValues.MaxValuesLength,
    };

    public static YamlMapping Parse(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        if (yaml.Length > HelmValues.MaxValuesLength)
        {
            throw new HelmValuesException($"values document is larger than {HelmValues.MaxValuesLength} characters");
        }

        IReadOnlyList<YamlNode> documents;
        try
        {
            documents = YamlReader.ReadDocuments(yaml, ReaderOptions);
        }
        catch (YamlException ex)
        {
            throw Wrap(ex);
        }

        // sigs.k8s.io/yaml decodes the first document only; an empty or null one is an empty map.
        var document = documents.Count == 0 ? null : documents[0];
        if (document is null || IsNull(document))
        {
            return new YamlMapping();
        }

        if (document is not YamlMapping)
        {
            throw new HelmValuesException("error unmarshaling JSON: values must be a map at the top level");
        }

        return Canonical((YamlMapping)document);
    }

    /// <summary>A new tree holding the JSON value of <paramref name="values"/>, spelled the same in every dialect.</summary>
    public static YamlMapping Canonical(YamlMapping values)
    {
        var node = (YamlMapping)ToValue(values).ToYamlNode();
        RoundNumbers(node);
        return node;
    }

    public static string ToJson(YamlMapping values) => ToValue(Canonical(values)).ToJson();

    public static bool IsNull(YamlNode node) => node is YamlScalar s && s.GetValueType(YamlDialect.Kubernetes) == YamlValueType.Null;

    private static SsaValue ToValue(YamlMapping values)
    {
        try
        {
            return SsaValue.FromYaml(values, YamlDialect.Kubernetes);
        }
        catch (SsaFormatException ex)
        {
            throw Wrap(ex);
        }
    }

    private static HelmValuesException Wrap(GitOpsException ex) =>
        new(ex.Message.StartsWith(ConversionPrefix, StringComparison.Ordinal) ? ex.Message : ConversionPrefix + ex.Message, ex);

    /// <summary>
    /// Helm decodes values JSON into float64 (no json.Number), so an integer keeps only a float64's precision and
    /// prints as encoding/json prints that float64: <c>9007199254740993</c> is <c>9007199254740992</c>,
    /// <c>1234567890123456789</c> is <c>1234567890123456800</c>, and one beyond int64 becomes a float.
    /// </summary>
    private static void RoundNumbers(YamlNode root)
    {
        var pending = new Stack<YamlNode>();
        pending.Push(root);
        while (pending.TryPop(out var node))
        {
            switch (node)
            {
                case YamlMapping map:
                    foreach (var (_, value) in map)
                    {
                        pending.Push(value);
                    }

                    break;
                case YamlSequence seq:
                    foreach (var item in seq)
                    {
                        pending.Push(item);
                    }

                    break;
                case YamlScalar { Tag: YamlScalar.IntTag } scalar:
                    Round(scalar);
                    break;
            }
        }
    }

    private static void Round(YamlScalar scalar)
    {
        var exact = long.Parse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var text = GoFloat.FormatJson(exact);
        scalar.Value = text;
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
        {
            scalar.Tag = "!!float";
        }
    }
}
