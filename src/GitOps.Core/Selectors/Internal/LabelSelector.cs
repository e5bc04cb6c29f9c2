using System.Buffers;

namespace GitOps.Selectors.Internal;

/// <summary>
/// A Kubernetes label selector in string form, as <c>k8s.io/apimachinery/pkg/labels</c> parses it: comma-separated
/// requirements <c>key</c>, <c>!key</c>, <c>key=value</c>, <c>key==value</c>, <c>key!=value</c>,
/// <c>key in (a,b)</c> and <c>key notin (a,b)</c>, all of which must hold; the empty selector matches everything.
/// The one parser and matcher of the SDK: kustomize's patch and replacement targets, the resource manager's drift
/// ignore rules and the emulator's list and watch selectors all use it, each turning a parse error into its own
/// exception.
/// </summary>
internal sealed class LabelSelector
{
    private static readonly SearchValues<char> NotInKey = SearchValues.Create(" \t\n\r(),=!");
    private readonly Requirement[] _requirements;

    private LabelSelector(Requirement[] requirements) => _requirements = requirements;

    /// <summary>The selector that matches everything.</summary>
    public static LabelSelector Everything { get; } = new([]);

    /// <summary>Parses <paramref name="text"/>; null or blank is <see cref="Everything"/>.</summary>
    /// <param name="text">The selector.</param>
    /// <param name="error">Makes the caller's exception from apimachinery's message.</param>
    /// <param name="allowEmptyRequirements">Skip empty requirements (<c>a=b,,c</c>) instead of refusing them.</param>
    public static LabelSelector Parse(string? text, Func<string, Exception> error, bool allowEmptyRequirements = false)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var requirements = new List<Requirement>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length)
            {
                depth += text[i] switch { '(' => 1, ')' => -1, _ => 0 };
                if (text[i] != ',' || depth != 0)
                {
                    continue;
                }
            }

            var part = text[start..i].Trim();
            start = i + 1;
            if (part.Length == 0)
            {
                if (allowEmptyRequirements)
                {
                    continue;
                }

                throw error("found '', expected: !, identifier, or 'end of string'");
            }

            requirements.Add(ParseRequirement(part, error));
        }

        return new LabelSelector([.. requirements]);
    }

    /// <summary>Whether labels (or annotations) satisfy every requirement.</summary>
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return Matches(key => labels.TryGetValue(key, out var value) ? value : null);
    }

    /// <summary>Whether the labels <paramref name="label"/> looks up (null: absent) satisfy every requirement.</summary>
    public bool Matches(Func<string, string?> label)
    {
        ArgumentNullException.ThrowIfNull(label);
        foreach (var r in _requirements)
        {
            var value = label(r.Key);
            var holds = r.Operator switch
            {
                Operator.Exists => value is not null,
                Operator.DoesNotExist => value is null,
                Operator.Equals => value == r.Value,
                Operator.NotEquals => value != r.Value,
                Operator.In => value is not null && r.Values!.Contains(value),
                _ => value is null || !r.Values!.Contains(value),
            };
            if (!holds)
            {
                return false;
            }
        }

        return true;
    }

    private static Requirement ParseRequirement(string part, Func<string, Exception> error)
    {
        if (part.StartsWith('!'))
        {
            return new(Key(part[1..], error), Operator.DoesNotExist, null, null);
        }

        var notIn = part.IndexOf(" notin ", StringComparison.Ordinal);
        var @in = part.IndexOf(" in ", StringComparison.Ordinal);
        if (notIn > 0 || @in > 0)
        {
            var at = notIn > 0 ? notIn : @in;
            var rest = part[(at + (notIn > 0 ? 7 : 4))..].Trim();
            if (!rest.StartsWith('(') || !rest.EndsWith(')'))
            {
                throw error($"unable to parse requirement: found '{rest}', expected: '('");
            }

            var values = rest[1..^1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
            return new(Key(part[..at], error), notIn > 0 ? Operator.NotIn : Operator.In, null, values);
        }

        var ne = part.IndexOf("!=", StringComparison.Ordinal);
        if (ne >= 0)
        {
            return new(Key(part[..ne], error), Operator.NotEquals, part[(ne + 2)..].Trim(), null);
        }

        var eq = part.IndexOf('=', StringComparison.Ordinal);
        if (eq >= 0)
        {
            var value = part[(eq + (part.AsSpan(eq).StartsWith("==") ? 2 : 1))..].Trim();
            return new(Key(part[..eq], error), Operator.Equals, value, null);
        }

        return new(Key(part, error), Operator.Exists, null, null);
    }

    private static string Key(string key, Func<string, Exception> error)
    {
        key = key.Trim();
        if (key.Length == 0 || key.AsSpan().IndexOfAny(NotInKey) >= 0)
        {
            throw error($"unable to parse requirement: invalid label key \"{key}\"");
        }

        return key;
    }

    private enum Operator
    {
        Exists,
        DoesNotExist,
        Equals,
        NotEquals,
        In,
        NotIn,
    }

    private sealed record Requirement(string Key, Operator Operator, string? Value, HashSet<string>? Values);
}
