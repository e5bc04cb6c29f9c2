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

    public void Required(string field, string detail) => _causes.Add(new("FieldValueRequired", "Required value: " + detail, field));

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
