using System.Text;

namespace GitOps.Kubernetes.Emulator.Http.Internal;

/// <summary>The kubeconfig clients (kubectl, KubernetesClient) use to reach the emulator.</summary>
internal static class Kubeconfig
{
    public const string Name = "gitops-emulator";

    public static string Render(Uri server, string token, string? caPem)
    {
        var cluster = new StringBuilder();
        cluster.Append("    server: ").Append(server.GetLeftPart(UriPartial.Authority)).Append('\n');
        if (caPem is not null)
        {
            cluster.Append("    certificate-authority-data: ").Append(Convert.ToBase64String(Encoding.ASCII.GetBytes(caPem))).Append('\n');
        }

        return $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: {Name}
              cluster:
            {cluster}contexts:
            - name: {Name}
              context:
                cluster: {Name}
                user: {Name}
                namespace: default
            current-context: {Name}
            preferences: {"{}"}
            users:
            - name: {Name}
              user:
                token: {token}

            """;
    }
}
