namespace GitOps.Yaml;

/// <summary>The three kinds of YAML node a Kubernetes object is made of.</summary>
public enum YamlNodeKind
{
    /// <summary>A single value: a string, number, boolean or null.</summary>
    Scalar,

    /// <summary>An ordered set of key/value pairs.</summary>
    Mapping,

    /// <summary>An ordered list of nodes.</summary>
    Sequence,
}

/// <summary>How a scalar was written in its source, which decides how it resolves to a type.</summary>
public enum YamlScalarStyle
{
    /// <summary>Unquoted; its type comes from its text (<c>3</c> is an integer, <c>true</c> a boolean).</summary>
    Plain,

    /// <summary><c>'single quoted'</c>: always a string.</summary>
    SingleQuoted,

    /// <summary><c>"double quoted"</c>: always a string.</summary>
    DoubleQuoted,

    /// <summary>A <c>|</c> block: always a string.</summary>
    Literal,

    /// <summary>A <c>&gt;</c> block: always a string.</summary>
    Folded,
}

/// <summary>
/// A node of an ordered YAML document tree: mappings keep their keys in source order, scalars keep
/// their text, tag and style so that their type resolves exactly as Go's yaml.v3 resolves it.
/// </summary>
public abstract class YamlNode
{
    private protected YamlNode()
    {
    }

    /// <summary>Which kind of node this is.</summary>
    public abstract YamlNodeKind Kind { get; }

    /// <summary>A copy of this node and everything below it.</summary>
    /// <exception cref="YamlException">The tree is nested deeper than any reader allows.</exception>
    public abstract YamlNode DeepClone();

    internal abstract YamlNode CloneAt(int depth);

    internal static void CheckDepth(int depth)
    {
        if (!GitOps.Internal.StackGuard.CanRecurse(depth))
        {
            throw new YamlException($"yaml: tree nested deeper than {GitOps.Internal.StackGuard.MaxNesting} levels");
        }
    }
}

/// <summary>The type a scalar resolves to.</summary>
public enum YamlValueType
{
    /// <summary>A string.</summary>
    Text,

    /// <summary>Null.</summary>
    Null,

    /// <summary>A boolean.</summary>
    Bool,

    /// <summary>An integer.</summary>
    WholeNumber,

    /// <summary>A floating-point number.</summary>
    Real,

    /// <summary>A timestamp (yaml.v2 only; yaml.v3 reads these as strings).</summary>
    Timestamp,
}
