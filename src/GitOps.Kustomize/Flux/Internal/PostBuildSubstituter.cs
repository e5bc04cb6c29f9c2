using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;
using GitOps.Kustomize.Internal;
using GitOps.Yaml;

namespace GitOps.Kustomize.Flux.Internal;

/// <summary>
/// Flux's post-build substitution of one object (<c>fluxcd/pkg kustomize/kustomize_varsub.go</c>
/// SubstituteVariables and varSubstitution): the object is printed as kustomize prints it, the text is
/// substituted, and the result is read back the way <c>sigs.k8s.io/yaml</c> YAMLToJSON reads it (YAML 1.1
/// types: <c>yes</c> and <c>on</c> are booleans, <c>0755</c> is octal, every number becomes a JSON
/// number and so a float64). Immutable after construction; one instance serves concurrent builds.
/// </summary>
internal sealed partial class PostBuildSubstituter
{
    public const string DisableKey = "kustomize.toolkit.fluxcd.io/substitute";
    public const string NamePattern = "^[_[:alpha:]][_[:alpha:][:digit:]]*$";

    private readonly IReadOnlyDictionary<string, string> _variables;
    private readonly bool _strict;
    private readonly bool _always;
    private readonly long _maxBytes;

    public PostBuildSubstituter(IReadOnlyDictionary<string, string> variables, bool strict, bool always, long maxBytes)
    {
        _variables = variables;
        _strict = strict;
        _always = always;
        _maxBytes = maxBytes;
    }

    // Go's RE2 [:alpha:] and [:digit:] are ASCII classes.
    [GeneratedRegex("^[_A-Za-z][_A-Za-z0-9]*$", RegexOptions.CultureInvariant)]
    private static partial Regex ValidName();

    /// <summary>Whether an object opts out of substitution by label or annotation.</summary>
    public static bool IsDisabled(YamlMapping obj)
    {
        var r = new Resource(obj);
        return r.GetLabels().GetValueOrDefault(DisableKey) == "disabled"
            || r.GetAnnotations().GetValueOrDefault(DisableKey) == "disabled";
    }

    /// <summary>The substituted object, or null when it is left as it is.</summary>
    /// <exception cref="FormatException">What upstream reports after "envsubst error: ".</exception>
    public YamlMapping? Substitute(YamlMapping obj)
    {
        if (IsDisabled(obj) || (_variables.Count == 0 && !_always))
        {
            return null;
        }

        foreach (var name in _variables.Keys.Order(StringComparer.Ordinal))
        {
            if (!ValidName().IsMatch(name))
            {
                throw new FormatException($"'{name}' var name is invalid, must match '{NamePattern}'");
            }
        }

        var text = YamlWriter.ToKubernetesYaml([obj]);
        string output;
        try
        {
            output = Envsubst.Eval(text, Lookup);
        }
        catch (FormatException ex)
        {
            throw new FormatException("variable substitution failed: " + ex.Message, ex);
        }

        if (output.Length > _maxBytes)
        {
            throw new FormatException($"variable substitution failed: the substituted object is larger than the limit of {_maxBytes} characters");
        }

        YamlNode doc;
        try
        {
            doc = YamlReader.ReadDocument(output, new YamlReaderOptions { AllowDuplicateKeys = true });
        }
        catch (YamlException ex)
        {
            throw new FormatException("YAMLToJSON: " + ex.Message, ex);
        }

        return doc switch
        {
            YamlMapping m => (YamlMapping)ToJsonValue(m, "YAMLToJSON: "),
            YamlScalar { IsNull: true } => new YamlMapping(),
            _ => throw new FormatException($"UnmarshalJSON: json: cannot unmarshal {(doc is YamlSequence ? "array" : "string")} into Go value of type map[string]interface {{}}"),
        };
    }

    private (string Value, bool Exists) Lookup(string name)
    {
        if (_variables.TryGetValue(name, out var value))
        {
            return (value, true);
        }

        return (string.Empty, !_strict);
    }

    /// <summary>A node as YAMLToJSON and the JSON round trip leave it: YAML 1.1 types, numbers as float64, keys as strings.</summary>
    private static YamlNode ToJsonValue(YamlNode node, string context)
    {
        switch (node)
        {
            case YamlMapping m:
            {
                var result = new YamlMapping();
                foreach (var (key, value) in m)
                {
                    result.Set(KeyString(key), ToJsonValue(value, context));
                }

                return result;
            }

            case YamlSequence s:
                return new YamlSequence(s.Select(item => ToJsonValue(item, context)));
            default:
                return ScalarValue((YamlScalar)node, context);
        }
    }

    private static YamlScalar ScalarValue(YamlScalar s, string context)
    {
        switch (s.Yaml11Type)
        {
            case YamlValueType.Null:
                return YamlScalar.Null();
            case YamlValueType.Bool:
                return new YamlScalar(IsTrue(s.Value) ? "true" : "false");
            case YamlValueType.WholeNumber:
            case YamlValueType.Real:
            {
                var f = s.Yaml11Type == YamlValueType.WholeNumber ? ParseInteger(s.Value) : ParseFloat(s.Value);
                if (double.IsNaN(f) || double.IsInfinity(f))
                {
                    throw new FormatException(context + "json: unsupported value: " + (double.IsNaN(f) ? "NaN" : f > 0 ? "+Inf" : "-Inf"));
                }

                // JSON numbers come back as float64; their shortest spelling reads back as the same number.
                return new YamlScalar(f == 0 ? "0" : f.ToString("R", CultureInfo.InvariantCulture));
            }

            default:
                return YamlScalar.FromString(s.Value);
        }
    }

    /// <summary>How YAMLToJSON spells a key that yaml.v2 read as something other than a string.</summary>
    private static string KeyString(YamlScalar key)
    {
        switch (key.Yaml11Type)
        {
            case YamlValueType.Bool:
                return IsTrue(key.Value) ? "true" : "false";
            case YamlValueType.WholeNumber:
            {
                var v = ParseBigInteger(key.Value);
                if (v is { } big && big >= long.MinValue && big <= long.MaxValue)
                {
                    return big.ToString(CultureInfo.InvariantCulture);
                }

                throw new FormatException($"YAMLToJSON: unsupported map key of type: uint64, key: {key.Value}");
            }

            case YamlValueType.Real:
                return GitOps.GoFormat.Internal.GoFloat.Format(ParseFloat(key.Value), 'g', 32);
            case YamlValueType.Null:
                throw new FormatException("YAMLToJSON: unsupported map key of type: <nil>, key: <nil>");
            default:
                return key.Value;
        }
    }

    private static bool IsTrue(string v) => v is "y" or "Y" or "yes" or "Yes" or "YES" or "true" or "True" or "TRUE" or "on" or "On" or "ON";

    private static double ParseInteger(string text) => ParseBigInteger(text) is { } v ? (double)v : ParseFloat(text);

    /// <summary>Go's strconv.ParseInt(s, 0, 64) after yaml.v2 drops underscores: 0x, 0o, 0b and leading-0 octal prefixes.</summary>
    private static BigInteger? ParseBigInteger(string text)
    {
        var s = text.Replace("_", string.Empty, StringComparison.Ordinal);
        var negative = false;
        if (s.StartsWith('-') || s.StartsWith('+'))
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        var numberBase = 10;
        if (s.Length > 1 && s[0] == '0')
        {
            switch (s[1])
            {
                case 'x' or 'X': numberBase = 16; s = s[2..]; break;
                case 'o' or 'O': numberBase = 8; s = s[2..]; break;
                case 'b' or 'B': numberBase = 2; s = s[2..]; break;
                default: numberBase = 8; s = s[1..]; break;
            }
        }

        if (s.Length == 0)
        {
            return null;
        }

        BigInteger value = 0;
        foreach (var c in s)
        {
            var digit = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'f' => c - 'a' + 10,
                >= 'A' and <= 'F' => c - 'A' + 10,
                _ => 99,
            };
            if (digit >= numberBase)
            {
                return null;
            }

            value = (value * numberBase) + digit;
        }

        return negative ? -value : value;
    }

    private static double ParseFloat(string text)
    {
        var s = text.Replace("_", string.Empty, StringComparison.Ordinal);
        var lower = s.ToLowerInvariant();
        if (lower.EndsWith(".inf", StringComparison.Ordinal))
        {
            return lower.StartsWith('-') ? double.NegativeInfinity : double.PositiveInfinity;
        }

        if (lower == ".nan")
        {
            return double.NaN;
        }

        return double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
