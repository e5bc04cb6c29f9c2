using GitOps.Yaml.Internal;

namespace GitOps.Yaml;

/// <summary>A scalar node: its text, an optional explicit tag (short form, such as <c>!!str</c>) and its style.</summary>
public sealed class YamlScalar : YamlNode
{
    /// <summary>The short tag of strings.</summary>
    public const string StringTag = "!!str";

    /// <summary>The short tag of integers.</summary>
    public const string IntTag = "!!int";

    /// <summary>The short tag of null.</summary>
    public const string NullTag = "!!null";

    /// <summary>Creates a scalar.</summary>
    /// <param name="value">The scalar's text.</param>
    /// <param name="tag">An explicit tag in short form (<c>!!str</c>), or null to resolve the type from the text.</param>
    /// <param name="style">How the scalar is written.</param>
    public YamlScalar(string value, string? tag = null, YamlScalarStyle style = YamlScalarStyle.Plain)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
        _tag = tag;
        _style = style;
    }

    private string _value;
    private string? _tag;
    private YamlScalarStyle _style;

    /// <inheritdoc />
    public override YamlNodeKind Kind => YamlNodeKind.Scalar;

    /// <summary>The scalar's text.</summary>
    /// <exception cref="InvalidOperationException">Set on a shared mapping key (<see cref="IsSharedKey"/>).</exception>
    public string Value
    {
        get => _value;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            ThrowIfShared();
            _value = value;
        }
    }

    /// <summary>The explicit tag in short form, or null when the type resolves from the text.</summary>
    /// <exception cref="InvalidOperationException">Set on a shared mapping key (<see cref="IsSharedKey"/>).</exception>
    public string? Tag
    {
        get => _tag;
        set
        {
            ThrowIfShared();
            _tag = value;
        }
    }

    /// <summary>How the scalar is written.</summary>
    /// <exception cref="InvalidOperationException">Set on a shared mapping key (<see cref="IsSharedKey"/>).</exception>
    public YamlScalarStyle Style
    {
        get => _style;
        set
        {
            ThrowIfShared();
            _style = value;
        }
    }

    /// <summary>
    /// Whether this scalar is a mapping key shared by every mapping that has a plain key of this text (the reader and
    /// <see cref="YamlMapping.Set"/> share such keys, so a large tree holds each field name once). A shared key cannot be
    /// changed: rename an entry through its mapping (<see cref="YamlMapping.Remove"/>, then <see cref="YamlMapping.Set"/>).
    /// </summary>
    public bool IsSharedKey { get; private init; }

    /// <summary>A shared, unchangeable plain key of <paramref name="text"/>.</summary>
    internal static YamlScalar NewSharedKey(string text) => new(text) { IsSharedKey = true };

    private void ThrowIfShared()
    {
        if (IsSharedKey)
        {
            throw new InvalidOperationException($"the mapping key '{_value}' is shared by many mappings and cannot be changed; set the entry through its mapping instead");
        }
    }

    /// <summary>Whether this scalar resolves to null (<c>~</c>, <c>null</c>, an empty plain value, or tagged <c>!!null</c>).</summary>
    public bool IsNull => ScalarResolver.ResolveV3(this).Type == Internal.ResolvedType.Null;

    /// <summary>Whether this scalar resolves to a string.</summary>
    public bool IsString => ScalarResolver.ResolveV3(this).Type == Internal.ResolvedType.String;

    /// <summary>
    /// The type a YAML dialect gives this scalar: <see cref="YamlDialect.KYaml"/> and <see cref="YamlDialect.Json"/>
    /// resolve as Go's yaml.v3 (YAML 1.2 core schema: only true/false are booleans),
    /// <see cref="YamlDialect.Kubernetes"/> as sigs.k8s.io/yaml's go-yaml v2 (YAML 1.1: yes/no/on/off,
    /// <c>0777</c>, <c>1_000</c> too). Quoted and <c>!!str</c>-tagged scalars are text in every dialect.
    /// </summary>
    /// <param name="dialect">The dialect. Default: <see cref="YamlDialect.KYaml"/>.</param>
    /// <returns>The resolved type.</returns>
    public YamlValueType GetValueType(YamlDialect dialect = YamlDialect.KYaml) =>
        dialect == YamlDialect.Kubernetes ? Yaml11Type : ResolvedType;

    /// <summary>The type Go's yaml.v3 gives this scalar (<see cref="GetValueType"/> with the kyaml dialect).</summary>
    internal YamlValueType ResolvedType => Map(ScalarResolver.ResolveV3(this).Type);

    /// <summary>The type Go's yaml.v2 gives this scalar (<see cref="GetValueType"/> with the Kubernetes dialect).</summary>
    internal YamlValueType Yaml11Type =>
        Style != YamlScalarStyle.Plain || Tag == StringTag ? YamlValueType.Text : Map(ScalarResolver.ResolveV2(Value).Type);

    private static YamlValueType Map(ResolvedType t) => t switch
    {
        Internal.ResolvedType.Null => YamlValueType.Null,
        Internal.ResolvedType.Bool => YamlValueType.Bool,
        Internal.ResolvedType.Int => YamlValueType.WholeNumber,
        Internal.ResolvedType.Float => YamlValueType.Real,
        Internal.ResolvedType.Timestamp => YamlValueType.Timestamp,
        _ => YamlValueType.Text,
    };

    /// <summary>A scalar that is a string whatever its text (tagged <c>!!str</c>).</summary>
    /// <param name="value">The text.</param>
    public static YamlScalar FromString(string value) => new(value, StringTag);

    /// <summary>A null scalar.</summary>
    public static YamlScalar Null() => new("null", NullTag);

    /// <inheritdoc />
    public override YamlNode DeepClone() => CloneAt(0);

    internal override YamlNode CloneAt(int depth) => IsSharedKey ? this : new YamlScalar(_value, _tag, _style);

    /// <inheritdoc />
    public override string ToString() => Value;
}
