using GitOps.Ssa.FieldPaths;
using GitOps.Ssa.Schema;
using GitOps.Ssa.Values;

namespace GitOps.Ssa.Typed.Internal;

/// <summary>Lists the fields a value sets (SMD's ToFieldSet walker).</summary>
internal sealed class FieldSetWalker(SsaSchema schema)
{
    private readonly ErrorList _errors = new();
    private readonly PathStack _path = new();
    private readonly FieldSetBuilder _set = new();

    public FieldSet Set => _set.Set;

    public IReadOnlyList<ValidationError> Errors => _errors.Items;

    public void Walk(SsaValue value, TypeRef tr)
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
            _set.Insert(_path);
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
        if (t.ElementRelationship == ElementRelationship.Atomic)
        {
            _set.Insert(_path);
            return;
        }

        if (!value.IsList)
        {
            return;
        }

        var items = value.Items;
        var pes = new PathElement[items.Length];
        var valid = new bool[items.Length];
        var allValid = true;
        for (var i = 0; i < items.Length; i++)
        {
            valid[i] = TypedHelpers.TryListItemElement(schema, t, items[i], out pes[i], out _);
            allValid &= valid[i];
        }

        HashSet<PathElement>? duplicates = null;
        if (allValid && items.Length <= 16)
        {
            // Few items: comparing pairs is cheaper than hashing them.
            for (var i = 1; i < items.Length; i++)
            {
                for (var j = 0; j < i; j++)
                {
                    if (pes[j].Equals(pes[i]))
                    {
                        if ((duplicates ??= []).Add(pes[i]))
                        {
                            // A duplicated item is owned as a whole.
                            _path.Push(pes[i]);
                            _set.Insert(_path);
                            _path.Pop();
                        }

                        break;
                    }
                }
            }
        }
        else
        {
            var seen = new HashSet<PathElement>();
            duplicates = [];
            for (var i = 0; i < items.Length; i++)
            {
                var pe = pes[i];
                if (!seen.Add(pe) && duplicates.Add(pe))
                {
                    // A duplicated item is owned as a whole.
                    _path.Push(pe);
                    _set.Insert(_path);
                    _path.Pop();
                }
            }
        }

        for (var i = 0; i < items.Length; i++)
        {
            if (!valid[i] || (duplicates is not null && duplicates.Contains(pes[i])))
            {
                continue;
            }

            _path.Push(pes[i]);
            var before = _errors.Count;
            Walk(items[i], t.ElementType);
            if (_errors.Count > before)
            {
                _errors.PrefixFrom(before, pes[i].ToString());
            }
            _set.Insert(_path);
            _path.Pop();
        }
    }

    private void DoMap(MapType t, SsaValue value)
    {
        if (t.ElementRelationship == ElementRelationship.Atomic)
        {
            _set.Insert(_path);
            return;
        }

        if (!value.IsMap)
        {
            return;
        }

        foreach (var (key, v) in value.AsMap.RawSpan)
        {
            _path.Push(PathElement.Field(key));
            var declared = t.TryGetField(key, out var field);
            var before = _errors.Count;
            Walk(v, declared ? field!.Type : t.ElementType);
            if (_errors.Count > before)
            {
                _errors.PrefixFrom(before, "." + key);
            }
            if (v.IsNull || (v.IsMap && v.AsMap.Count == 0) || !declared)
            {
                _set.Insert(_path);
            }

            _path.Pop();
        }
    }
}
