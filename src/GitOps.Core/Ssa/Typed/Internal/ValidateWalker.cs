using GitOps.Ssa.FieldPaths;
using GitOps.Ssa.Schema;
using GitOps.Ssa.Values;

namespace GitOps.Ssa.Typed.Internal;

/// <summary>Checks a value against its type (SMD's validating walker).</summary>
internal sealed class ValidateWalker(SsaSchema schema, bool allowDuplicates)
{
    private readonly ErrorList _errors = new();

    public IReadOnlyList<ValidationError> Errors => _errors.Items;

    public void Validate(SsaValue value, TypeRef tr)
    {
        var atom = schema.Resolve(tr);
        if (atom is null)
        {
            _errors.Add(TypedHelpers.NoTypeError(tr));
            return;
        }

        atom = TypedHelpers.Deduce(atom, value);
        if (atom.Map is not null)
        {
            DoMap(atom.Map, value);
        }
        else if (atom.Scalar is not null)
        {
            if (ScalarCheck.Check(atom, value, string.Empty) is { } error)
            {
                _errors.Add(error);
            }
        }
        else if (atom.List is not null)
        {
            DoList(atom.List, value);
        }
        else
        {
            _errors.Add(TypedHelpers.InvalidAtomError(tr));
        }
    }

    private void DoList(ListType t, SsaValue value)
    {
        if (value.IsNull)
        {
            return;
        }

        if (!value.IsList)
        {
            _errors.Add($"expected list, got {value.ToJson()}");
            return;
        }

        var items = value.Items;
        HashSet<PathElement>? observed = null;
        for (var i = 0; i < items.Length; i++)
        {
            PathElement pe;
            if (t.ElementRelationship != ElementRelationship.Associative)
            {
                pe = PathElement.IndexAt(i);
            }
            else
            {
                if (!TypedHelpers.TryListItemElement(schema, t, items[i], out pe, out var error))
                {
                    _errors.Add($"element {i}: {error}");
                    return;
                }

                observed ??= [];
                if (!observed.Add(pe) && !allowDuplicates)
                {
                    _errors.Add($"duplicate entries for key {pe}");
                }
            }

            var before = _errors.Count;
            Validate(items[i], t.ElementType);
            if (_errors.Count > before)
            {
                _errors.PrefixFrom(before, pe.ToString());
            }
        }
    }

    private void DoMap(MapType t, SsaValue value)
    {
        if (value.IsNull)
        {
            return;
        }

        if (!value.IsMap)
        {
            _errors.Add($"expected map, got {value.ToJson()}");
            return;
        }

        foreach (var (key, v) in value.AsMap.RawSpan)
        {
            TypeRef tr;
            if (t.TryGetField(key, out var field))
            {
                tr = field.Type;
            }
            else if (t.ElementType.IsEmpty)
            {
                var before0 = _errors.Count;
                _errors.Add("field not declared in schema");
                if (_errors.Count > before0)
                {
                    _errors.PrefixFrom(before0, "." + key);
                }
                return;
            }
            else
            {
                tr = t.ElementType;
            }

            var before = _errors.Count;
            Validate(v, tr);
            if (_errors.Count > before)
            {
                _errors.PrefixFrom(before, "." + key);
            }
        }
    }
}
