namespace GitOps.Yaml;

/// <summary>
/// Which Go YAML library's rules a document is read with. The same text can mean different values:
/// <c>on</c> is a boolean for <see cref="Kubernetes"/> and a string for <see cref="KYaml"/>.
/// </summary>
public enum YamlDialect
{
    /// <summary>
    /// kustomize's kyaml (Go's yaml.v3, close to YAML 1.2): only <c>true</c>/<c>false</c> are booleans,
    /// <c>0o17</c> and <c>0777</c> are octal, timestamps become RFC 3339 strings, a repeated key is an error.
    /// The default, as kustomize reads resources this way.
    /// </summary>
    KYaml,

    /// <summary>
    /// sigs.k8s.io/yaml (Go's yaml.v2, YAML 1.1), how kubectl and the API machinery read manifests:
    /// <c>y</c>/<c>n</c>/<c>yes</c>/<c>no</c>/<c>on</c>/<c>off</c> are booleans, <c>0777</c> is octal,
    /// timestamps stay strings, a repeated key keeps its last value, and a UTF-8 byte-order mark is dropped.
    /// </summary>
    Kubernetes,

    /// <summary>JSON read as YAML (a JSON document is valid YAML): quoted strings, numbers, <c>true</c>, <c>false</c>, <c>null</c>.</summary>
    Json,
}
