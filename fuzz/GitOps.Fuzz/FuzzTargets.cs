using System.Text;
using GitOps.Artifacts.Extraction.Internal;
using GitOps.Helm.Index;
using GitOps.SourceIgnore;
using GitOps.Ssa.FieldPaths;
using GitOps.Ssa.ManagedFields;
using GitOps.Ssa.Values;
using GitOps.Versioning;
using GitOps.Yaml;

namespace GitOps.Fuzz;

/// <summary>
/// The fuzz targets. Each takes arbitrary bytes and must either succeed or refuse them with the SDK's typed
/// failure (<see cref="GitOpsException"/>); any other exception, a crash (stack overflow) or a hang is a finding.
/// </summary>
public static class FuzzTargets
{
    /// <summary>Every target by the name <c>fuzz/run.sh</c> and the seed corpus folders use.</summary>
    public static IReadOnlyDictionary<string, Action<byte[]>> All { get; } = new Dictionary<string, Action<byte[]>>(StringComparer.Ordinal)
    {
        ["yaml"] = Yaml,
        ["kustomization"] = Kustomization,
        ["helm-index-yaml"] = HelmIndex,
        ["helm-index-json"] = HelmIndex,
        ["tar"] = Tar,
        ["gzip"] = Gzip,
        ["fieldsv1"] = FieldsV1,
        ["managed-fields"] = ManagedFields,
        ["sourceignore"] = SourceIgnore,
        ["helm-constraint"] = HelmConstraint,
    };

    private static readonly string[] Versions = ["0.0.0", "1.2.3", "1.2.3-beta.1", "2.0.0+build.5", "v1.0", "10.20.30-rc.1+meta"];

    /// <summary>Runs <paramref name="target"/> on <paramref name="input"/>, treating the SDK's typed refusals as a pass.</summary>
    public static void Run(Action<byte[]> target, byte[] input)
    {
        ArgumentNullException.ThrowIfNull(target);
        try
        {
            target(input);
        }
        catch (GitOpsException)
        {
            // A refusal with the documented exception type is the expected outcome for bad input.
        }
    }

    private static string Text(byte[] data) => Encoding.UTF8.GetString(data);

    private static void Yaml(byte[] data)
    {
        var documents = YamlReader.ReadDocuments(Text(data));
        _ = YamlWriter.ToKubernetesYaml(documents.OfType<YamlMapping>());
    }

    private static void Kustomization(byte[] data) => GitOps.Kustomize.Internal.Kustomization.Parse(Text(data), "/fuzz");

    private static void HelmIndex(byte[] data)
    {
        using var stream = new MemoryStream(data, writable: false);
        var index = new HelmIndexLoader(new HelmIndexOptions { MaxIndexBytes = 1024 * 1024 }).Load(stream);
        foreach (var chart in index.ChartNames)
        {
            try
            {
                _ = index.Select(chart, null, devel: true);
            }
            catch (GitOpsException)
            {
                // No version matches: expected.
            }
        }
    }

    private static void Tar(byte[] data)
    {
        using var reader = new TarStreamReader(new MemoryStream(data, writable: false));
        for (var entries = 0; entries < 10_000; entries++)
        {
            if (reader.ReadNextAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult() is not { } header)
            {
                return;
            }

            if (header.Kind == TarEntryKind.File && header.Size > 0)
            {
                var buffer = new byte[Math.Min(header.Size, 64 * 1024)];
                reader.ReadDataAsync(buffer, header.Name, CancellationToken.None).AsTask().GetAwaiter().GetResult();
            }
        }
    }

    private static void Gzip(byte[] data)
    {
        using var gzip = new GzipReadStream(new MemoryStream(data, writable: false));
        var buffer = new byte[64 * 1024];
        long total = 0;
        int read;
        while ((read = gzip.Read(buffer)) > 0 && (total += read) < 16 * 1024 * 1024)
        {
        }
    }

    private static void FieldsV1(byte[] data)
    {
        var set = FieldSet.FromFieldsV1Json(Text(data));
        _ = set.ToString();
    }

    private static void ManagedFields(byte[] data)
    {
        var value = SsaValue.ParseJson(Text(data));
        _ = FieldManager.Decode(value, out _);
    }

    /// <summary>Patterns before the first NUL, paths (one a line) after it.</summary>
    private static void SourceIgnore(byte[] data)
    {
        var text = Text(data);
        var split = text.IndexOf('\0', StringComparison.Ordinal);
        var patterns = SourceIgnoreRules.ReadPatterns(new StringReader(split < 0 ? text : text[..split]), ["a"]);
        var matcher = new IgnoreMatcher(patterns);
        var paths = split < 0 ? ["a/b", "a/b/c.yaml", "x"] : text[(split + 1)..].Split('\n');
        foreach (var path in paths.Take(64))
        {
            _ = matcher.IsIgnored(path, isDirectory: false);
            _ = matcher.IsIgnored(path, isDirectory: true);
        }
    }

    private static void HelmConstraint(byte[] data)
    {
        var text = Text(data);
        if (!VersionConstraint.TryParse(text, includePrerelease: false, out var constraint, out _))
        {
            return;
        }

        foreach (var version in Versions)
        {
            _ = constraint.IsSatisfiedBy(version);
        }

        _ = SemanticVersion.IsValid(text);
    }
}
