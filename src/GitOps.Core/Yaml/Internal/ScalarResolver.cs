using System.Globalization;
using System.Text.RegularExpressions;

namespace GitOps.Yaml.Internal;

/// <summary>The type a scalar resolves to.</summary>
internal enum ResolvedType
{
    String,
    Null,
    Bool,
    Int,
    Float,
    Timestamp,
}

/// <summary>A resolved scalar: its type and, for numbers and booleans, a canonical text.</summary>
internal readonly record struct ResolvedScalar(ResolvedType Type, string Text, double Float = 0);

/// <summary>
/// Resolves plain scalars to types exactly as Go's yaml libraries do: yaml.v3 (YAML 1.2-ish: only
/// true/false are booleans) when reading, yaml.v2 (YAML 1.1: yes/no/on/off too) when deciding whether
/// a string must be quoted on output.
/// </summary>
internal static partial class ScalarResolver
{
    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex YamlStyleFloat();

    [GeneratedRegex(@"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Base60Float();

    [GeneratedRegex(@"^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:([Tt])|( ))(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Timestamp();

    /// <summary>How yaml.v3 decodes <paramref name="scalar"/> into a Go interface{}.</summary>
    public static ResolvedScalar ResolveV3(YamlScalar scalar)
    {
        var resolved = ResolveTagged(scalar, yaml11: false);

        // yaml.v3 decodes a plain timestamp into a time.Time, which JSON spells in RFC 3339 with nanoseconds.
        return resolved.Type == ResolvedType.Timestamp ? new(ResolvedType.Timestamp, FormatRfc3339Nano(scalar.Value)) : resolved;
    }

    /// <summary>How <paramref name="dialect"/> decodes <paramref name="scalar"/> into a Go interface{}.</summary>
    public static ResolvedScalar Resolve(YamlScalar scalar, YamlDialect dialect) =>
        dialect == YamlDialect.Kubernetes ? ResolveKubernetes(scalar) : ResolveV3(scalar);

    /// <summary>
    /// How sigs.k8s.io/yaml (yaml.v2 into interface{}) decodes <paramref name="scalar"/>: YAML 1.1 types for plain
    /// scalars, timestamps kept as their text, <c>!!binary</c> decoded to its bytes' text.
    /// </summary>
    public static ResolvedScalar ResolveKubernetes(YamlScalar scalar)
    {
        var resolved = ResolveTagged(scalar, yaml11: true);

        // yaml.v2 hands a timestamp to an interface{} as the text it was written with.
        return resolved.Type == ResolvedType.Timestamp ? new(ResolvedType.String, scalar.Value) : resolved;
    }

    /// <summary>The type of a scalar given its tag and style: explicit tags first, then the plain-scalar rules.</summary>
    private static ResolvedScalar ResolveTagged(YamlScalar scalar, bool yaml11)
    {
        var tag = scalar.Tag;
        if (tag == "!!binary")
        {
            return new(ResolvedType.String, DecodeBinary(scalar.Value));
        }

        if (!yaml11 && tag == "!" && scalar.Style == YamlScalarStyle.Plain)
        {
            tag = null; // yaml.v3 resolves the non-specific tag on a plain scalar as if untagged
        }

        if (tag == YamlScalar.StringTag || ((tag is null or "" or "!") && scalar.Style != YamlScalarStyle.Plain))
        {
            return new(ResolvedType.String, scalar.Value);
        }

        if (tag == YamlScalar.NullTag)
        {
            return new(ResolvedType.Null, "null");
        }

        if (tag is not (null or "" or "!!bool" or "!!int" or "!!float" or "!!timestamp"))
        {
            return new(ResolvedType.String, scalar.Value);
        }

        var resolved = Resolve(scalar.Value, yaml11, explicitTimestampOnly: false);
        switch (tag)
        {
            case "!!float" when resolved.Type == ResolvedType.Int:
                return new(ResolvedType.Float, resolved.Text, double.Parse(resolved.Text, CultureInfo.InvariantCulture));
            case "!!int" when resolved.Type != ResolvedType.Int:
            case "!!bool" when resolved.Type != ResolvedType.Bool:
            case "!!float" when resolved.Type != ResolvedType.Float:
                throw new YamlException($"cannot decode {ShortName(resolved.Type)} `{scalar.Value}` as a {tag}");
        }

        return resolved;
    }

    private static string DecodeBinary(string text)
    {
        var compact = string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
        try
        {
            return System.Text.Encoding.UTF8.GetString(System.Convert.FromBase64String(compact));
        }
        catch (FormatException ex)
        {
            throw new YamlException("yaml: !!binary value contains invalid base64 data", ex);
        }
    }

    /// <summary>
    /// Whether yaml.v3 reads <paramref name="key"/> as something other than a string (a number, boolean, null or
    /// timestamp key), which makes a map encoding/json cannot write, so kustomize refuses the object.
    /// </summary>
    public static bool IsNonStringKeyV3(YamlScalar key) =>
        key.Style == YamlScalarStyle.Plain && key.Tag is null && ResolveV3(key).Type != ResolvedType.String;

    /// <summary>Whether yaml.v2 would read <paramref name="value"/>, written plain, as something other than a string.</summary>
    public static bool IsNonStringInYaml11(string value)
    {
        var r = Resolve(value, yaml11: true, explicitTimestampOnly: false);
        return r.Type != ResolvedType.String || IsBase60Float(value);
    }

    /// <summary>How yaml.v2 reads a plain scalar (the JSON-to-YAML step reads JSON numbers this way).</summary>
    public static ResolvedScalar ResolveV2(string value) => Resolve(value, yaml11: true, explicitTimestampOnly: false);

    private static string ShortName(ResolvedType t) => t switch
    {
        ResolvedType.Int => "!!int",
        ResolvedType.Float => "!!float",
        ResolvedType.Bool => "!!bool",
        ResolvedType.Null => "!!null",
        ResolvedType.Timestamp => "!!timestamp",
        _ => "!!str",
    };

    private static bool IsBase60Float(string s)
    {
        if (s.Length == 0)
        {
            return false;
        }

        var c = s[0];
        if (!(c == '+' || c == '-' || (c >= '0' && c <= '9')) || !s.Contains(':', StringComparison.Ordinal))
        {
            return false;
        }

        return Base60Float().IsMatch(s);
    }

    private static ResolvedScalar Resolve(string input, bool yaml11, bool explicitTimestampOnly)
    {
        _ = explicitTimestampOnly;
        var hint = input.Length == 0 ? 'N' : Hint(input[0]);
        if (hint == '\0')
        {
            return new(ResolvedType.String, input);
        }

        if (LookupSpecial(input, yaml11) is { } special)
        {
            return special;
        }

        switch (hint)
        {
            case '.':
                if (TryParseGoFloat(input, out var f))
                {
                    return new(ResolvedType.Float, input, f);
                }

                break;
            case 'D' or 'S':
                if (IsCanonicalDecimal(input))
                {
                    return new(ResolvedType.Int, input); // the common case, already spelled as Go prints it
                }

                if (IsTimestamp(input))
                {
                    return new(ResolvedType.Timestamp, input);
                }

                var plain = input.Replace("_", string.Empty, StringComparison.Ordinal);
                if (GoParse.TryParseInt(plain, out var l))
                {
                    return new(ResolvedType.Int, l.ToString(CultureInfo.InvariantCulture));
                }

                if (GoParse.TryParseUInt(plain, out var ul))
                {
                    return new(ResolvedType.Int, ul.ToString(CultureInfo.InvariantCulture));
                }

                if (MayBeFloat(plain) && YamlStyleFloat().IsMatch(plain) && TryParseGoFloat(plain, out var f2))
                {
                    return new(ResolvedType.Float, plain, f2);
                }

                if (plain.StartsWith("0b", StringComparison.Ordinal))
                {
                    if (GoParse.TryParseIntBase(plain[2..], 2, out var b))
                    {
                        return new(ResolvedType.Int, b.ToString(CultureInfo.InvariantCulture));
                    }

                    if (GoParse.TryParseUIntBase(plain[2..], 2, out var ub))
                    {
                        return new(ResolvedType.Int, ub.ToString(CultureInfo.InvariantCulture));
                    }
                }
                else if (plain.StartsWith("-0b", StringComparison.Ordinal))
                {
                    if (GoParse.TryParseIntBase("-" + plain[3..], 2, out var b))
                    {
                        return new(ResolvedType.Int, b.ToString(CultureInfo.InvariantCulture));
                    }
                }

                if (!yaml11)
                {
                    if (plain.StartsWith("0o", StringComparison.Ordinal))
                    {
                        if (GoParse.TryParseIntBase(plain[2..], 8, out var o))
                        {
                            return new(ResolvedType.Int, o.ToString(CultureInfo.InvariantCulture));
                        }

                        if (GoParse.TryParseUIntBase(plain[2..], 8, out var uo))
                        {
                            return new(ResolvedType.Int, uo.ToString(CultureInfo.InvariantCulture));
                        }
                    }
                    else if (plain.StartsWith("-0o", StringComparison.Ordinal) && GoParse.TryParseIntBase("-" + plain[3..], 8, out var o2))
                    {
                        return new(ResolvedType.Int, o2.ToString(CultureInfo.InvariantCulture));
                    }
                }

                break;
        }

        return new(ResolvedType.String, input);
    }

    /// <summary>An integer Go would print the same way: an optional minus, then 0 or up to 18 digits without a leading zero.</summary>
    private static bool IsCanonicalDecimal(string s)
    {
        var start = s[0] == '-' ? 1 : 0;
        var digits = s.Length - start;
        if (digits is < 1 or > 18 || (s[start] == '0' && (digits > 1 || start == 1)))
        {
            return false;
        }

        for (var i = start; i < s.Length; i++)
        {
            if (s[i] is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// A cheap necessary condition for <see cref="YamlStyleFloat"/>: only digits, signs, <c>e</c>/<c>E</c> and at
    /// most one dot. Versions (<c>1.2.3</c>) and hex digests fail it without running the expression.
    /// </summary>
    private static bool MayBeFloat(string value)
    {
        var dots = 0;
        foreach (var c in value)
        {
            if (c == '.')
            {
                dots++;
            }
            else if (c is not ((>= '0' and <= '9') or 'e' or 'E' or '+' or '-'))
            {
                return false;
            }
        }

        return dots <= 1;
    }

    private static char Hint(char c) => c switch
    {
        '+' or '-' => 'S',
        >= '0' and <= '9' => 'D',
        'y' or 'Y' or 'n' or 'N' or 't' or 'T' or 'f' or 'F' or 'o' or 'O' or '~' => 'M',
        '.' => '.',
        _ => '\0',
    };

    private static ResolvedScalar? LookupSpecial(string s, bool yaml11)
    {
        switch (s)
        {
            case "true" or "True" or "TRUE":
                return new(ResolvedType.Bool, "true");
            case "false" or "False" or "FALSE":
                return new(ResolvedType.Bool, "false");
            case "" or "~" or "null" or "Null" or "NULL":
                return new(ResolvedType.Null, "null");
            case ".nan" or ".NaN" or ".NAN":
                return new(ResolvedType.Float, s, double.NaN);
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF":
                return new(ResolvedType.Float, s, double.PositiveInfinity);
            case "-.inf" or "-.Inf" or "-.INF":
                return new(ResolvedType.Float, s, double.NegativeInfinity);
            case "<<":
                return new(ResolvedType.Timestamp, s); // the merge key: not a string either
        }

        if (yaml11)
        {
            switch (s)
            {
                case "y" or "Y" or "yes" or "Yes" or "YES" or "on" or "On" or "ON":
                    return new(ResolvedType.Bool, "true");
                case "n" or "N" or "no" or "No" or "NO" or "off" or "Off" or "OFF":
                    return new(ResolvedType.Bool, "false");
            }
        }

        return null;
    }

    private static bool TryParseGoFloat(string s, out double value)
    {
        // Go's ParseFloat also accepts forms YAML never hands it here; the regex/hint guards keep to decimal forms.
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && !double.IsInfinity(value))
        {
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>Go's time.Time.Format(time.RFC3339Nano) of a YAML timestamp.</summary>
    private static string FormatRfc3339Nano(string s)
    {
        var m = Timestamp().Match(s);
        if (!m.Success)
        {
            return s;
        }

        static int N(Group g) => g.Success ? int.Parse(g.Value, CultureInfo.InvariantCulture) : 0;
        var sb = new System.Text.StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{N(m.Groups[1]):D4}-{N(m.Groups[2]):D2}-{N(m.Groups[3]):D2}T{N(m.Groups[6]):D2}:{N(m.Groups[7]):D2}:{N(m.Groups[8]):D2}");
        if (m.Groups[9].Success)
        {
            var frac = m.Groups[9].Value;
            frac = frac.Length > 9 ? frac[..9] : frac;
            frac = frac.TrimEnd('0');
            if (frac.Length > 0)
            {
                sb.Append('.').Append(frac);
            }
        }

        var zone = m.Groups[10].Success ? m.Groups[10].Value : "Z";
        sb.Append(zone is "+00:00" or "-00:00" ? "Z" : zone);
        return sb.ToString();
    }

    private static bool IsTimestamp(string s)
    {
        var i = 0;
        while (i < s.Length && s[i] >= '0' && s[i] <= '9')
        {
            i++;
        }

        if (i != 4 || i == s.Length || s[i] != '-')
        {
            return false;
        }

        var m = Timestamp().Match(s);
        if (!m.Success)
        {
            return false;
        }

        var hasTime = m.Groups[6].Success;
        if (hasTime && m.Groups[5].Success && m.Groups[10].Success)
        {
            return false; // the space-separated form carries no zone
        }

        if (hasTime && m.Groups[4].Success && !m.Groups[10].Success)
        {
            return false; // the T form needs a zone
        }

        var year = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        var month = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
        var day = int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Max(1, year), month))
        {
            return false;
        }

        if (hasTime)
        {
            var h = int.Parse(m.Groups[6].Value, CultureInfo.InvariantCulture);
            var mi = int.Parse(m.Groups[7].Value, CultureInfo.InvariantCulture);
            var se = int.Parse(m.Groups[8].Value, CultureInfo.InvariantCulture);
            if (h > 23 || mi > 59 || se > 59)
            {
                return false;
            }
        }

        return true;
    }
}
