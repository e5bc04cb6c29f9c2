using System.Globalization;
using System.Text;
using GitOps.Ssa.Schema;
using GitOps.Ssa.Values;

namespace GitOps.Benchmarks.Ssa;

/// <summary>Realistic objects for the server-side apply benchmarks, generated in code.</summary>
internal static class SsaFixtures
{
    public static SsaValue Deployment(int containers, string imageTag)
    {
        var sb = new StringBuilder();
        sb.Append("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","labels":{"app":"web","tier":"front"}},"spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[""");
        for (var i = 0; i < containers; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            var n = i.ToString(CultureInfo.InvariantCulture);
            sb.Append("{\"name\":\"c" + n + "\",\"image\":\"registry.example.com/app" + n + ":" + imageTag + "\",\"ports\":[{\"containerPort\":" + (8000 + i).ToString(CultureInfo.InvariantCulture) + ",\"name\":\"http\"}],")
              .Append("\"env\":[{\"name\":\"A\",\"value\":\"1\"},{\"name\":\"B\",\"value\":\"" + n + "\"},{\"name\":\"C\",\"valueFrom\":{\"fieldRef\":{\"fieldPath\":\"metadata.name\"}}}],")
              .Append("\"resources\":{\"limits\":{\"cpu\":\"500m\",\"memory\":\"128Mi\"}},\"volumeMounts\":[{\"name\":\"data\",\"mountPath\":\"/data" + n + "\"}]}");
        }

        sb.Append("""],"volumes":[{"name":"data","emptyDir":{}}]}}}}""");
        return SsaValue.ParseJson(sb.ToString());
    }

    public static SsaValue ConfigMap(int keys, string valueSuffix)
    {
        var data = Enumerable.Range(0, keys).Select(i => new KeyValuePair<string, SsaValue>("key-" + i.ToString("D4", CultureInfo.InvariantCulture), SsaValue.FromString("value-" + i.ToString(CultureInfo.InvariantCulture) + valueSuffix)));
        return SsaValue.FromMap(
        [
            new("apiVersion", SsaValue.FromString("v1")),
            new("kind", SsaValue.FromString("ConfigMap")),
            new("metadata", SsaValue.ParseJson("""{"name":"big"}""")),
            new("data", SsaValue.FromMap(data)),
        ]);
    }

    public const string CrdYaml = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: trees.bench.example.com}
        spec:
          group: bench.example.com
          names: {kind: Tree, plural: trees}
          scope: Namespaced
          versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    properties:
                      branches:
                        type: array
                        x-kubernetes-list-type: map
                        x-kubernetes-list-map-keys: [name]
                        items:
                          type: object
                          properties:
                            name: {type: string}
                            tags: {type: array, x-kubernetes-list-type: set, items: {type: string}}
                            leaves:
                              type: array
                              x-kubernetes-list-type: map
                              x-kubernetes-list-map-keys: [id]
                              items:
                                type: object
                                properties:
                                  id: {type: integer}
                                  color: {type: string}
                                  twigs:
                                    type: array
                                    x-kubernetes-list-type: map
                                    x-kubernetes-list-map-keys: [seq]
                                    items:
                                      type: object
                                      properties:
                                        seq: {type: integer}
                                        v: {type: string}
        """;

    public static SsaSchema CrdSchema() => SsaSchema.Kubernetes.WithCustomResourceDefinition(SsaValue.ParseYaml(CrdYaml)!);

    public static SsaValue Tree(int branches, int leaves, int twigs, string color)
    {
        var sb = new StringBuilder("""{"apiVersion":"bench.example.com/v1","kind":"Tree","metadata":{"name":"t"},"spec":{"branches":[""");
        for (var b = 0; b < branches; b++)
        {
            sb.Append(b > 0 ? "," : string.Empty).Append(CultureInfo.InvariantCulture, $$"""{"name":"b{{b}}","tags":["x","y","z{{b}}"],"leaves":[""");
            for (var l = 0; l < leaves; l++)
            {
                sb.Append(l > 0 ? "," : string.Empty).Append(CultureInfo.InvariantCulture, $$"""{"id":{{l}},"color":"{{color}}","twigs":[""");
                for (var t = 0; t < twigs; t++)
                {
                    sb.Append(t > 0 ? "," : string.Empty).Append(CultureInfo.InvariantCulture, $$"""{"seq":{{t}},"v":"{{color}}{{t}}"}""");
                }

                sb.Append("]}");
            }

            sb.Append("]}");
        }

        sb.Append("]}}");
        return SsaValue.ParseJson(sb.ToString());
    }
}
