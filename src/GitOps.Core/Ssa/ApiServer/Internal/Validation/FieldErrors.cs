using GitOps.Ssa.Values;

namespace GitOps.Ssa.ApiServer.Internal.Validation;

/// <summary>
/// The field.ErrorList of apimachinery: causes with the server's wording, turned into the 422 Invalid
/// Status (<c>Kind.group "name" is invalid: field: message</c>, several errors in brackets).
/// </summary>
internal sealed class FieldErrors
{
    private readonly List<KubernetesStatusCause> _causes = [];

    public int Count => _causes.Count;

    public void Invalid(string field, SsaValue? value, string detail) =>
        _causes.Add(new("FieldValueInvalid", $"Invalid value: {Format(value)}: {detail}", field));

    public void InvalidRaw(string field, string value, string detail) =>
        _causes.Add(new("FieldValueInvalid", $"Invalid value: {value}: {detail}", field));

    public void Forbidden(string field, string detail) => _causes.Add(new("FieldValueForbidden", "Forbidden: " + detail, field));

    public void Required(string field, string detail) => _causes.Add(new("FieldValueRequired", detail.Length == 0 ? "Required value" : "Required value: " + detail, field));

    /// <summary>field.NotSupported: the value and the quoted values the field accepts.</summary>
    public void NotSupported(string field, SsaValue? value, params string[] supported) =>
        _causes.Add(new("FieldValueNotSupported", $"Unsupported value: {Format(value)}: supported values: {string.Join(", ", supported.Select(Quote))}", field));

    public void NotFound(string field, SsaValue? value) => _causes.Add(new("FieldValueNotFound", $"Not found: {Format(value)}", field));

    public void Duplicate(string field, SsaValue? value) => _causes.Add(new("FieldValueDuplicate", $"Duplicate value: {Format(value)}", field));

    /// <summary>ValidateNonnegativeField.</summary>
    public void Nonnegative(string field, SsaValue? value)
    {
        if (value is { Kind: SsaValueKind.Integer, AsInteger: < 0 })
        {
            Invalid(field, value, "must be greater than or equal to 0");
        }
    }

    /// <summary>Adds the causes of another list made on a normalised copy, showing <paramref name="shown"/> instead of <paramref name="checkedValue"/>.</summary>
    public void AddRenamed(FieldErrors other, SsaValue checkedValue, SsaValue shown)
    {
        var prefix = $"Invalid value: {Format(checkedValue)}: ";
        foreach (var cause in other._causes)
        {
            _causes.Add(cause.Message.StartsWith(prefix, StringComparison.Ordinal)
                ? cause with { Message = $"Invalid value: {Format(shown)}: {cause.Message[prefix.Length..]}" }
                : cause);
        }
    }

    public static string Format(SsaValue? value) => value is null ? "null" : value.Kind switch
    {
        SsaValueKind.String => Quote(value.AsString),
        _ => value.ToJson(),
    };

    public static string Quote(string s) => SsaValue.FromString(s).ToJson();

    public void ThrowIfAny(string group, string kind, string? name)
    {
        if (_causes.Count == 0)
        {
            return;
        }

        var qualified = group.Length == 0 ? kind : kind + "." + group;
        var text = _causes.Count == 1
            ? $"{_causes[0].Field}: {_causes[0].Message}"
            : "[" + string.Join(", ", _causes.Select(c => $"{c.Field}: {c.Message}")) + "]";
        throw new KubernetesStatusException(422, "Invalid", $"{qualified} \"{name}\" is invalid: {text}", [.. _causes], kind, name)
        {
            Group = group.Length == 0 ? null : group,
        };
    }
}
