using System.Text.RegularExpressions;
using GitOps.Ssa.Values;
using static GitOps.Ssa.ApiServer.Internal.Edit;

namespace GitOps.Ssa.ApiServer.Internal.Validation;

/// <summary>Object names, label keys and values, config keys: apimachinery's validation with its messages.</summary>
internal static partial class NameRules
{
    public const string Subdomain = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    public const string Label = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
    private const string LabelValue = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
    private const string LabelKeyPart = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
    private const string QualifiedName = "a valid label key " + LabelKeyPart + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')";
    private const string PrefixSubdomain = "prefix part " + Subdomain;
    private const string ConfigKey = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

    // Kinds whose names must be DNS labels (no dots).
    private static readonly HashSet<string> LabelNamed = new(StringComparer.Ordinal) { "/Namespace", "/Service" };

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex SubdomainRegex();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex LabelRegex();

    [GeneratedRegex("^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")]
    private static partial Regex LabelValueRegex();

    [GeneratedRegex("^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")]
    private static partial Regex QualifiedNameRegex();

    [GeneratedRegex("^[-._a-zA-Z0-9]+$")]
    private static partial Regex ConfigKeyRegex();

    public static void Metadata(FieldErrors errors, string group, string kind, SsaValue obj)
    {
        var metadata = Get(obj, "metadata");
        if (Str(metadata, "name") is { Length: > 0 } name)
        {
            var value = SsaValue.FromString(name);
            if (group == "rbac.authorization.k8s.io")
            {
                // ValidateRBACName: any path segment name (colons allowed).
                var problem = name switch
                {
                    "." => "may not be '.'",
                    ".." => "may not be '..'",
                    _ when name.Contains('/', StringComparison.Ordinal) => "may not contain '/'",
                    _ when name.Contains('%', StringComparison.Ordinal) => "may not contain '%'",
                    _ => null,
                };
                if (problem is not null)
                {
                    errors.Invalid("metadata.name", value, problem);
                }
            }
            else if (LabelNamed.Contains(group + "/" + kind))
            {
                if (name.Contains('.', StringComparison.Ordinal))
                {
                    errors.Invalid("metadata.name", value, "must not contain dots");
                }
                else if (name.Length > 63)
                {
                    errors.Invalid("metadata.name", value, "must be no more than 63 characters");
                }
                else if (!LabelRegex().IsMatch(name))
                {
                    errors.Invalid("metadata.name", value, Label);
                }
            }
            else if (name.Length > 253)
            {
                errors.Invalid("metadata.name", value, "must be no more than 253 characters");
            }
            else if (!SubdomainRegex().IsMatch(name))
            {
                errors.Invalid("metadata.name", value, Subdomain);
            }
        }

        Labels(errors, "metadata.labels", Get(metadata, "labels"));

        // ValidateAnnotations: keys are qualified names, case aside.
        if (Get(metadata, "annotations") is { IsMap: true } annotations)
        {
            foreach (var (key, _) in annotations.AsMap.Entries)
            {
                var lowered = new FieldErrors();
                LabelKey(lowered, "metadata.annotations", key.ToLowerInvariant());
                errors.AddRenamed(lowered, SsaValue.FromString(key.ToLowerInvariant()), SsaValue.FromString(key));
            }
        }

        // ValidateFinalizers (qualified names), then the core check that a name without '/' is a standard one.
        var finalizers = Get(metadata, "finalizers")?.AsList ?? [];
        foreach (var finalizer in finalizers)
        {
            LabelKey(errors, "metadata.finalizers", finalizer.ToString());
        }

        for (var i = 0; i < finalizers.Count; i++)
        {
            if (!finalizers[i].ToString().Contains('/', StringComparison.Ordinal) && finalizers[i].ToString() is not ("kubernetes" or "orphan" or "foregroundDeletion"))
            {
                errors.Invalid($"metadata.finalizers[{i}]", finalizers[i], "name is neither a standard finalizer name nor is it fully qualified");
            }
        }
    }

    private static void LabelKey(FieldErrors errors, string field, string key)
    {
        var value = SsaValue.FromString(key);
        var parts = key.Split('/');
        string name;
        if (parts.Length == 1)
        {
            name = parts[0];
        }
        else if (parts.Length == 2)
        {
            var prefix = parts[0];
            name = parts[1];
            if (prefix.Length == 0)
            {
                errors.Invalid(field, value, "prefix part must be non-empty");
            }
            else if (prefix.Length > 253)
            {
                errors.Invalid(field, value, "prefix part must be no more than 253 characters");
            }
            else if (!SubdomainRegex().IsMatch(prefix))
            {
                errors.Invalid(field, value, PrefixSubdomain);
            }
        }
        else
        {
            errors.Invalid(field, value, QualifiedName);
            return;
        }

        if (name.Length == 0)
        {
            errors.Invalid(field, value, "name part must be non-empty");
        }
        else if (name.Length > 63)
        {
            errors.Invalid(field, value, "name part must be no more than 63 bytes");
        }

        if (!QualifiedNameRegex().IsMatch(name))
        {
            errors.Invalid(field, value, "name part " + LabelKeyPart);
        }
    }

    /// <summary>ValidateLabels: each key a qualified name, each value a label value (Service selectors, object labels).</summary>
    public static void Labels(FieldErrors errors, string field, SsaValue? labels)
    {
        if (labels is not { IsMap: true })
        {
            return;
        }

        foreach (var (key, v) in labels.AsMap.Entries)
        {
            LabelKey(errors, field, key);
            var text = v.ToString();
            if (text.Length > 63)
            {
                errors.Invalid(field, v, "must be no more than 63 bytes");
            }

            if (!LabelValueRegex().IsMatch(text))
            {
                errors.Invalid(field, v, LabelValue);
            }
        }
    }

    /// <summary>IsDNS1123Label's messages for a value (container and port names).</summary>
    public static IEnumerable<string> Dns1123Label(string value)
    {
        if (value.Length > 63)
        {
            yield return "must be no more than 63 characters";
        }

        if (!LabelRegex().IsMatch(value))
        {
            yield return Label;
        }
    }

    /// <summary>IsDNS1123Subdomain's messages for a value.</summary>
    public static IEnumerable<string> Dns1123Subdomain(string value)
    {
        if (value.Length > 253)
        {
            yield return "must be no more than 253 characters";
        }

        if (!SubdomainRegex().IsMatch(value))
        {
            yield return Subdomain;
        }
    }

    /// <summary>IsValidPortName's messages (container port names, named target ports).</summary>
    public static IEnumerable<string> PortName(string port)
    {
        if (port.Length > 15)
        {
            yield return "must be no more than 15 characters";
        }

        if (port.Length == 0 || port.Any(c => c is not (>= 'a' and <= 'z') and not (>= '0' and <= '9') and not '-'))
        {
            yield return "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)";
        }

        if (!port.Any(c => c is >= 'a' and <= 'z'))
        {
            yield return "must contain at least one letter (a-z)";
        }

        if (port.Contains("--", StringComparison.Ordinal))
        {
            yield return "must not contain consecutive hyphens";
        }

        if (port.Length > 0 && (port[0] == '-' || port[^1] == '-'))
        {
            yield return "must not begin or end with a hyphen";
        }
    }

    /// <summary>ConfigMap and Secret data keys.</summary>
    public static void ConfigKeys(FieldErrors errors, SsaValue obj, string field)
    {
        if (Get(obj, field) is not { IsMap: true } data)
        {
            return;
        }

        foreach (var (key, _) in data.AsMap.Entries)
        {
            if (key.Length > 253)
            {
                errors.Invalid($"{field}[{key}]", SsaValue.FromString(key), "must be no more than 253 characters");
            }

            if (!ConfigKeyRegex().IsMatch(key))
            {
                errors.Invalid($"{field}[{key}]", SsaValue.FromString(key), ConfigKey);
            }
        }
    }
}
