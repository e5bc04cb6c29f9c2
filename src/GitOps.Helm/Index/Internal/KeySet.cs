namespace GitOps.Helm.Index.Internal;

/// <summary>
/// The keys seen in one YAML mapping, to refuse a repeated key as go-yaml's strict mode does
/// (<c>key "a" already set in map</c>). Keys compare by resolved value, so <c>1</c> and <c>"1"</c> differ.
/// </summary>
internal sealed class KeySet
{
    private readonly HashSet<(ScalarType, string)> _seen = [];

    public void Clear() => _seen.Clear();

    /// <summary>Adds a key token (which must be a scalar) and returns its string form as Helm's JSON conversion spells it.</summary>
    public string Add(IndexTokenReader reader, in IndexToken key)
    {
        var text = KeyText(reader, key);
        if (!_seen.Add((key.Type, text)))
        {
            throw IndexFormat.Error($"key \"{text}\" already set in map", key.Line, prefixLine: true);
        }

        return text;
    }

    /// <summary>The string a key becomes; refuses keys that are not scalars or are null.</summary>
    public static string KeyText(IndexTokenReader reader, in IndexToken key)
    {
        if (key.Kind != TokenKind.Scalar)
        {
            // A mapping or sequence used as a key: go-yaml refuses it.
            reader.Skip(key);
            throw IndexFormat.Error("invalid map key", key.Line);
        }

        if (key.Type == ScalarType.Null)
        {
            throw IndexFormat.Error("unsupported map key of type: <nil>", key.Line);
        }

        return key.GoString;
    }
}
