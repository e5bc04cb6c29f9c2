using System.Runtime.CompilerServices;

namespace GitOps.Helm.Index.Internal;

/// <summary>What a token of the index document is.</summary>
internal enum TokenKind : byte
{
    MappingStart,
    MappingEnd,
    SequenceStart,
    SequenceEnd,
    Scalar,
    EndOfDocument,
}

/// <summary>
/// The type a scalar has after YAML 1.1 resolution (as go-yaml v2 resolves plain scalars) or JSON reading.
/// Helm decodes the YAML by converting it to JSON first, so these are JSON's types plus the distinction
/// between integers and floats that decides how a number turns into a string.
/// </summary>
internal enum ScalarType : byte
{
    Null,
    String,
    Bool,
    Int,
    Float,
}

/// <summary>One token: a structure boundary or a scalar with its resolved type and text.</summary>
/// <param name="Kind">The token kind.</param>
/// <param name="Type">For scalars, the resolved type.</param>
/// <param name="Text">
/// For scalars, the value as a string: the string itself, <c>true</c>/<c>false</c>, an integer's decimal text,
/// or a float's round-trip text (JSON numbers: as written).
/// </param>
/// <param name="Line">The 1-based line where the token starts (0 when unknown), for messages.</param>
/// <param name="IsMergeKey">A plain <c>&lt;&lt;</c> key (YAML merge).</param>
internal readonly record struct IndexToken(TokenKind Kind, ScalarType Type, string Text, long Line, bool IsMergeKey = false)
{
    /// <summary>The string sigs.k8s.io/yaml makes of this scalar where Go expects a string (floats in float32 precision).</summary>
    public string GoString => Type == ScalarType.Float ? GoNumbers.FloatTextToGoString(Text) : Text;

    public bool IsNull => Kind == TokenKind.Scalar && Type == ScalarType.Null;

    public string Describe() => Kind switch
    {
        TokenKind.MappingStart => "object",
        TokenKind.SequenceStart => "array",
        TokenKind.Scalar => Type switch
        {
            ScalarType.Null => "null",
            ScalarType.String => "string",
            ScalarType.Bool => "bool",
            _ => "number",
        },
        _ => Kind.ToString(),
    };
}

/// <summary>A source of index tokens: YAML (through the YAML 1.1 resolver) or JSON.</summary>
internal abstract class IndexTokenReader
{
    /// <summary>The deepest nesting the readers follow.</summary>
    public const int MaxDepth = 1000;

    /// <summary>Whether this is Helm's YAML path: unknown fields and duplicate keys are refused, and scalars convert to strings where a string is expected.</summary>
    public abstract bool IsYaml { get; }

    /// <summary>Reads the next token.</summary>
    public abstract IndexToken Read();

    /// <summary>Skips the rest of the node that starts with <paramref name="first"/>, checking its map keys as the format requires.</summary>
    public void Skip(in IndexToken first) => Skip(first, depth: 0);

    /// <summary>
    /// Refuses nesting deeper than <see cref="MaxDepth"/> (or than the stack allows), so a hostile index of
    /// 100,000 nested brackets is one error, not a stack overflow the process cannot survive.
    /// </summary>
    public static void CheckDepth(int depth)
    {
        if (depth > MaxDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw new HelmIndexException(HelmIndexErrorKind.Invalid, $"yaml: exceeded max depth of {MaxDepth}");
        }
    }

    private void Skip(in IndexToken first, int depth)
    {
        CheckDepth(depth);
        if (first.Kind == TokenKind.Scalar)
        {
            return;
        }

        if (first.Kind == TokenKind.SequenceStart)
        {
            while (true)
            {
                var t = Read();
                if (t.Kind == TokenKind.SequenceEnd)
                {
                    return;
                }

                Skip(t, depth + 1);
            }
        }

        if (first.Kind == TokenKind.MappingStart)
        {
            var keys = IsYaml ? new KeySet() : null;
            while (true)
            {
                var key = Read();
                if (key.Kind == TokenKind.MappingEnd)
                {
                    return;
                }

                if (key.IsMergeKey && IsYaml)
                {
                    SkipMerge(keys!, depth + 1);
                    continue;
                }

                keys?.Add(this, key);
                Skip(Read(), depth + 1);
            }
        }

        throw IndexFormat.Error($"unexpected {first.Kind}", first.Line);
    }

    private void SkipMerge(KeySet keys, int depth)
    {
        var value = Read();
        if (value.Kind == TokenKind.MappingStart)
        {
            MergeMapping(keys, depth);
        }
        else if (value.Kind == TokenKind.SequenceStart)
        {
            while (true)
            {
                var item = Read();
                if (item.Kind == TokenKind.SequenceEnd)
                {
                    return;
                }

                if (item.Kind != TokenKind.MappingStart)
                {
                    throw IndexFormat.Error("map merge requires map or sequence of maps as the value", item.Line);
                }

                MergeMapping(keys, depth);
            }
        }
        else
        {
            throw IndexFormat.Error("map merge requires map or sequence of maps as the value", value.Line);
        }
    }

    private void MergeMapping(KeySet keys, int depth)
    {
        while (true)
        {
            var key = Read();
            if (key.Kind == TokenKind.MappingEnd)
            {
                return;
            }

            keys.Add(this, key);
            Skip(Read(), depth + 1);
        }
    }
}
