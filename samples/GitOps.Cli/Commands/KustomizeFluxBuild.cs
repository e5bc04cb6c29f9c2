using System.Text;
using GitOps.Kustomize;
using GitOps.Kustomize.Flux;
using GitOps.Yaml;

namespace GitOps.Cli.Commands;

/// <summary>
/// <c>gitops kustomize build DIR --flux</c>: the directory built as kustomize-controller builds it, with
/// <c>--target-namespace</c> and post-build variables from <c>--substitute KEY=VALUE</c> (repeatable, winning
/// over files) and <c>--substitute-from FILE</c> (repeatable, read in order).
/// </summary>
/// <remarks>
/// A variables file is either a <c>.env</c> file (<c>KEY=VALUE</c> lines; blank lines and <c>#</c> comments
/// skipped; the value is everything after the first <c>=</c>, unquoted) or, when it ends in <c>.yaml</c>,
/// <c>.yml</c> or <c>.json</c>, a ConfigMap (its <c>data</c>), a Secret (its <c>data</c> decoded, then its
/// <c>stringData</c>), or a flat mapping of names to scalars.
/// </remarks>
internal static class KustomizeFluxBuild
{
    private const long MaxVariablesFileBytes = 1024 * 1024;

    public static async Task<FluxBuildResult> BuildAsync(string directory, string? allowedRoot, string? targetNamespace, string[] substitutes, string[] files, CancellationToken cancellationToken)
    {
        var sources = files.Select(ReadSource).ToList();
        var inline = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in substitutes)
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new ArgumentException($"--substitute '{pair}' is not KEY=VALUE");
            }

            inline[pair[..eq]] = pair[(eq + 1)..];
        }

        var spec = new FluxKustomization
        {
            TargetNamespace = targetNamespace,
            PostBuild = sources.Count > 0 || inline.Count > 0 ? new FluxPostBuild { Substitute = inline, SubstituteFrom = sources } : null,
        };
        var options = new FluxBuildOptions { Kustomize = new KustomizeBuildOptions { AllowedRoot = allowedRoot } };
        return await new FluxKustomizeBuilder().BuildAsync(directory, spec, options, cancellationToken).ConfigureAwait(false);
    }

    private static FluxVariableSource ReadSource(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new IOException($"--substitute-from {path}: no such file");
        }

        if (info.Length > MaxVariablesFileBytes)
        {
            throw new IOException($"--substitute-from {path}: larger than {MaxVariablesFileBytes} bytes");
        }

        var text = File.ReadAllText(path);
        var name = Path.GetFileName(path);
        var extension = Path.GetExtension(path).ToLowerInvariant();
        return extension is ".yaml" or ".yml" or ".json"
            ? ReadYamlSource(name, path, text)
            : FluxVariableSource.ConfigMap(name, ReadEnv(path, text));
    }

    private static Dictionary<string, string> ReadEnv(string path, string text)
    {
        var vars = new Dictionary<string, string>(StringComparer.Ordinal);
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.TrimEnd('\r');
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new ArgumentException($"--substitute-from {path}:{number}: not KEY=VALUE");
            }

            vars[line[..eq].Trim()] = line[(eq + 1)..];
        }

        return vars;
    }

    private static FluxVariableSource ReadYamlSource(string name, string path, string text)
    {
        if (YamlReader.ReadDocument(text) is not YamlMapping map)
        {
            throw new ArgumentException($"--substitute-from {path}: not a mapping");
        }

        var kind = map.GetString("kind");
        if (kind is "ConfigMap" or "Secret" && map.ContainsKey("apiVersion"))
        {
            var vars = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in Scalars(map.GetMapping("data"), path))
            {
                vars[key] = kind == "Secret" ? DecodeBase64(value, path, key) : value;
            }

            if (kind == "Secret")
            {
                foreach (var (key, value) in Scalars(map.GetMapping("stringData"), path))
                {
                    vars[key] = value;
                }
            }

            var objectName = map.GetMapping("metadata")?.GetString("name") ?? name;
            return kind == "Secret" ? FluxVariableSource.Secret(objectName, vars) : FluxVariableSource.ConfigMap(objectName, vars);
        }

        return FluxVariableSource.ConfigMap(name, Scalars(map, path).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal));
    }

    private static IEnumerable<KeyValuePair<string, string>> Scalars(YamlMapping? map, string path)
    {
        if (map is null)
        {
            yield break;
        }

        foreach (var (key, value) in map)
        {
            if (value is not YamlScalar scalar)
            {
                throw new ArgumentException($"--substitute-from {path}: '{key.Value}' is not a scalar");
            }

            yield return new(key.Value, scalar.IsNull ? string.Empty : scalar.Value);
        }
    }

    private static string DecodeBase64(string value, string path, string key)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(value));
        }
        catch (FormatException)
        {
            throw new ArgumentException($"--substitute-from {path}: data '{key}' is not base64");
        }
    }
}
