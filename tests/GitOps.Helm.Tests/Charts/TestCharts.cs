using System.Security.Cryptography;
using System.Text;
using GitOps.Testing.Archives;

namespace GitOps.Helm.Tests.Charts;

/// <summary>Small chart archives and indexes built in code.</summary>
internal static class TestCharts
{
    public static byte[] Archive(string name, string version, params (string Path, byte[] Content)[] extra)
    {
        var tar = new TarBuilder()
            .Directory(name)
            .File($"{name}/Chart.yaml", $"apiVersion: v2\nname: {name}\nversion: {version}\nappVersion: 1.10\ndescription: test chart\ndependencies:\n- name: sub\n  version: ^1.0.0\n  repository: https://example.invalid/charts\n")
            .File($"{name}/values.yaml", "replicas: 1\nimage:\n  tag: latest\n");
        foreach (var (path, content) in extra)
        {
            tar.File($"{name}/{path}", content);
        }

        return tar.ToTarGz();
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>An index listing (name, version, url, digest) entries.</summary>
    public static byte[] Index(params (string Name, string Version, string Url, string? Digest)[] entries)
    {
        var sb = new StringBuilder("apiVersion: v1\nentries:\n");
        foreach (var group in entries.GroupBy(e => e.Name))
        {
            sb.Append("  ").Append(group.Key).Append(":\n");
            foreach (var e in group)
            {
                sb.Append("  - apiVersion: v2\n    name: ").Append(e.Name)
                  .Append("\n    version: \"").Append(e.Version).Append("\"\n    urls: [\"").Append(e.Url).Append("\"]\n");
                if (e.Digest is not null)
                {
                    sb.Append("    digest: ").Append(e.Digest).Append('\n');
                }
            }
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
