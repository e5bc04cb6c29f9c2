using GitOps.Ssa.Values;

namespace GitOps.Kubernetes.Tests;

internal static class Y
{
    public static SsaValue Parse(string yaml) => SsaValue.ParseYaml(yaml) ?? throw new ArgumentException("empty YAML");

    public static SsaValue ConfigMap(string name, string ns = "default", string data = "a: b", string extraMetadata = "") => Parse(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\n  namespace: " + ns + "\n" + Indent(extraMetadata) + "data:\n" + Indent(data));

    public static SsaValue Namespace(string name) => Parse($"""
        apiVersion: v1
        kind: Namespace
        metadata:
          name: {name}
        """);

    public static SsaValue Deployment(string name, string ns, int replicas = 1, string image = "nginx:1.27") => Parse($"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {name}
          namespace: {ns}
        spec:
          replicas: {replicas}
          selector:
            matchLabels:
              app: {name}
          template:
            metadata:
              labels:
                app: {name}
            spec:
              containers:
              - name: app
                image: {image}
                ports:
                - containerPort: 8080
        """);

    /// <summary>A namespaced CustomResourceDefinition serving v1 of one kind; <paramref name="schema"/> is the openAPIV3Schema (YAML, at column 0).</summary>
    public static SsaValue Crd(string group, string kind, string plural, string schema = "type: object\nx-kubernetes-preserve-unknown-fields: true") => Parse($$"""
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: {{plural}}.{{group}}}
        spec:
          group: {{group}}
          scope: Namespaced
          names: {plural: {{plural}}, singular: {{kind.ToLowerInvariant()}}, kind: {{kind}}, listKind: {{kind}}List}
          versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema:
        {{Indent(Indent(Indent(Indent(schema))))}}
        """);

    private static string Indent(string text) =>
        string.Concat(text.Split('\n').Where(l => l.Length > 0).Select(l => "  " + l + "\n"));
}
