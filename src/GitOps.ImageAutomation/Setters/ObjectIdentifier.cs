namespace GitOps.ImageAutomation.Setters;

/// <summary>The YAML document a change was made in, as kyaml identifies it (empty parts when absent).</summary>
/// <param name="ApiVersion">The document's <c>apiVersion</c>.</param>
/// <param name="Kind">The document's <c>kind</c>.</param>
/// <param name="Name">Its <c>metadata.name</c>.</param>
/// <param name="Namespace">Its <c>metadata.namespace</c>.</param>
public sealed record ObjectIdentifier(string ApiVersion, string Kind, string Name, string Namespace)
{
    /// <inheritdoc />
    public override string ToString() => Namespace.Length == 0 ? $"{Kind}/{Name}" : $"{Kind}/{Namespace}/{Name}";
}
