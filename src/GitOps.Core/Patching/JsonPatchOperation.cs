using GitOps.Yaml;

namespace GitOps.Patching;

/// <summary>One operation of a JSON patch (RFC 6902).</summary>
public sealed class JsonPatchOperation
{
    /// <summary>Creates an operation.</summary>
    /// <param name="op">The operation: add, remove, replace, move, copy or test (anything else fails when applied).</param>
    /// <param name="path">The target as an RFC 6901 pointer, or null when the operation has none.</param>
    /// <param name="from">The source pointer of move and copy, or null.</param>
    /// <param name="value">The value of add, replace and test, or null when the operation has no <c>value</c>.</param>
    public JsonPatchOperation(string op, string? path, string? from, YamlNode? value)
    {
        ArgumentNullException.ThrowIfNull(op);
        Op = op;
        Path = path;
        From = from;
        Value = value;
    }

    /// <summary>The operation's name.</summary>
    public string Op { get; }

    /// <summary>The target pointer, or null.</summary>
    public string? Path { get; }

    /// <summary>The source pointer of move and copy, or null.</summary>
    public string? From { get; }

    /// <summary>The value, or null when the operation has none (a JSON null is a null scalar).</summary>
    public YamlNode? Value { get; }
}
