using System.Buffers;
using System.Text;
using GitOps.Yaml.Internal;

namespace GitOps.Yaml;

/// <summary>
/// Writes Kubernetes objects exactly as <c>kubectl kustomize</c> / kustomize v5 prints them: each object's
/// keys sorted, values typed as Go's yaml.v3 reads them and re-spelled as yaml.v2 writes them (quoting
/// of YAML 1.1 booleans such as <c>"yes"</c>, long lines folded at column 80, literal blocks for
/// multi-line strings), objects separated by <c>---</c>.
/// </summary>
public static class YamlWriter
{
    /// <summary>Writes one object (no separator), ending with a line break.</summary>
    /// <param name="document">The object.</param>
    /// <param name="output">Where the UTF-8 bytes go.</param>
    public static void WriteKubernetesObject(YamlNode document, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(output);
        var tree = KubernetesValueConverter.Convert(document);
        new GoYamlEmitter(output).EmitDocument(tree);
    }

    /// <summary>Writes objects separated by <c>---</c> lines, as kustomize prints a build.</summary>
    /// <param name="documents">The objects, in order.</param>
    /// <param name="output">Where the UTF-8 bytes go.</param>
    public static void WriteKubernetesObjects(IEnumerable<YamlNode> documents, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentNullException.ThrowIfNull(output);
        var first = true;
        foreach (var document in documents)
        {
            if (!first)
            {
                output.Write("---\n"u8);
            }

            first = false;
            WriteKubernetesObject(document, output);
        }
    }

    /// <summary>The objects as kustomize prints them, as a string.</summary>
    /// <param name="documents">The objects, in order.</param>
    public static string ToKubernetesYaml(IEnumerable<YamlNode> documents)
    {
        var buffer = new ArrayBufferWriter<byte>();
        WriteKubernetesObjects(documents, buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
