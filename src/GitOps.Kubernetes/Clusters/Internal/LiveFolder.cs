using GitOps.Kubernetes.Objects;
using GitOps.Ssa.Values;

namespace GitOps.Kubernetes.Clusters.Internal;

/// <summary>A folder of live YAML: read all documents, write objects back atomically (file by file).</summary>
internal static class LiveFolder
{
    private const long MaxFileBytes = 64L << 20;

    public static async Task<List<(string File, List<SsaValue> Objects)>> ReadAsync(string directory, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var result = new List<(string, List<SsaValue>)>();
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"live folder \"{directory}\" does not exist");
        }

        var files = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            if (new FileInfo(file).Length > MaxFileBytes)
            {
                throw new ClusterException($"live file \"{file}\" is larger than {MaxFileBytes} bytes");
            }

            var text = await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false);
            var docs = file.EndsWith(".json", StringComparison.Ordinal) ? [SsaValue.ParseJson(text)] : SsaValue.ParseYamlDocuments(text);
            var objects = new List<SsaValue>();
            foreach (var doc in docs)
            {
                if (doc.IsMap && doc.AsMap.TryGetValue("kind", out var kind) && kind.Kind == SsaValueKind.String && kind.AsString.EndsWith("List", StringComparison.Ordinal)
                    && doc.AsMap.TryGetValue("items", out var items) && items.IsList)
                {
                    objects.AddRange(items.AsList);
                }
                else if (doc.IsMap)
                {
                    objects.Add(doc);
                }
            }

            result.Add((Path.GetRelativePath(directory, file), objects));
        }

        return result;
    }

    /// <summary>Writes one file per object named after its inventory id; files of objects no longer present are removed.</summary>
    public static async Task WriteAsync(string directory, IReadOnlyList<SsaValue> objects, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory.CreateDirectory(directory);
        var keep = new HashSet<string>(StringComparer.Ordinal);
        foreach (var obj in objects)
        {
            var name = ObjectMetadata.From(obj).ToString() + ".yaml";
            keep.Add(name);
            var path = Path.Combine(directory, name);
            var temp = path + ".tmp";
            await File.WriteAllTextAsync(temp, obj.ToYaml(), cancellationToken).ConfigureAwait(false);
            File.Move(temp, path, overwrite: true);
        }

        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).ToList())
        {
            var relative = Path.GetRelativePath(directory, file);
            if (!keep.Contains(relative) && (relative.EndsWith(".yaml", StringComparison.Ordinal) || relative.EndsWith(".yml", StringComparison.Ordinal) || relative.EndsWith(".json", StringComparison.Ordinal)))
            {
                File.Delete(file);
            }
        }
    }
}
