using GitOps.Kubernetes.Emulator.Store.Internal;
using GitOps.Ssa.Values;

namespace GitOps.Kubernetes.Emulator.Http.Internal;

/// <summary>
/// The simple JSONPath of CRD <c>additionalPrinterColumns</c>: <c>.a.b</c>, <c>['a.b']</c>, <c>[n]</c> and
/// <c>[?(@.field=="value")]</c>; the first result, or null when nothing matches.
/// </summary>
internal static class SimpleJsonPath
{
    public static SsaValue? Find(SsaValue root, string path)
    {
        var text = path.Trim();
        if (text.StartsWith('{') && text.EndsWith('}'))
        {
            text = text[1..^1];
        }

        if (text.StartsWith('$'))
        {
            text = text[1..];
        }

        SsaValue? current = root;
        var i = 0;
        while (i < text.Length && current is not null)
        {
            if (text[i] == '.')
            {
                var end = i + 1;
                while (end < text.Length && text[end] != '.' && text[end] != '[')
                {
                    end++;
                }

                current = end == i + 1 ? current : Obj.Get(current, text[(i + 1)..end]);
                i = end;
            }
            else if (text[i] == '[')
            {
                var end = text.IndexOf(']', i);
                if (end < 0)
                {
                    return null;
                }

                current = Index(current, text[(i + 1)..end].Trim());
                i = end + 1;
            }
            else
            {
                return null;
            }
        }

        return current;
    }

    private static SsaValue? Index(SsaValue current, string selector)
    {
        if (selector.Length > 1 && (selector[0] == '\'' || selector[0] == '"'))
        {
            return Obj.Get(current, selector[1..^1]);
        }

        if (int.TryParse(selector, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var index))
        {
            var items = current.IsList ? current.AsList : [];
            index = index < 0 ? items.Count + index : index;
            return index >= 0 && index < items.Count ? items[index] : null;
        }

        if (selector.StartsWith("?(@.", StringComparison.Ordinal) && selector.EndsWith(')'))
        {
            var condition = selector[4..^1];
            var eq = condition.IndexOf("==", StringComparison.Ordinal);
            if (eq < 0 || !current.IsList)
            {
                return null;
            }

            var field = condition[..eq].Trim();
            var expected = condition[(eq + 2)..].Trim().Trim('"', '\'');
            return current.AsList.FirstOrDefault(item => TableFormat.Text(Find(item, "." + field)) == expected);
        }

        return selector == "*" && current.IsList && current.AsList.Count > 0 ? current.AsList[0] : null;
    }
}
