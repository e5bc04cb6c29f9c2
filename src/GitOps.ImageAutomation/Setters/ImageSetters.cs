using System.Text;
using GitOps.ImageAutomation.Setters.Internal;
using YamlDotNet.Core;

namespace GitOps.ImageAutomation.Setters;

/// <summary>
/// image-automation-controller's setters strategy (<c>internal/update</c>): under a root, every
/// <c>*.yaml</c>, <c>*.yml</c> or <c>Kustomization</c> file containing <c>"$imagepolicy"</c> has the scalars
/// marked <c># {"$imagepolicy": "ns:name"}</c> set to the policy's image (<c>name:tag[@digest]</c>), or with
/// <c>:tag</c>, <c>:name</c>, <c>:digest</c> to that part. Only files with a changed value are rewritten, each
/// through a temporary file and a rename; only the changed scalars' bytes change (quoting kept, a new value
/// YAML would read as a non-string double-quoted, as kyaml does). Unparsable files are reported and skipped.
/// </summary>
public sealed class ImageSetters
{
    private static readonly byte[] Token = "\"$imagepolicy\""u8.ToArray();

    private readonly ImageSetterOptions _options;

    /// <summary>Creates the updater.</summary>
    /// <param name="options">Limits; defaults when null.</param>
    public ImageSetters(ImageSetterOptions? options = null)
    {
        _options = options ?? new ImageSetterOptions();
        _options.Validate();
    }

    /// <summary>The setters Flux defines for <paramref name="policies"/>: for each, <c>ns:name</c> and its <c>:tag</c>, <c>:name</c>, <c>:digest</c> forms.</summary>
    public static IReadOnlyDictionary<string, (string Value, ImagePolicyResult Policy)> SettersFor(IEnumerable<ImagePolicyResult> policies)
    {
        ArgumentNullException.ThrowIfNull(policies);
        var setters = new Dictionary<string, (string, ImagePolicyResult)>(StringComparer.Ordinal);
        foreach (var policy in policies)
        {
            var name = policy.SetterName;
            setters[name] = (policy.LatestRef.ToString(), policy);
            setters[name + ":tag"] = (policy.LatestRef.Tag, policy);
            setters[name + ":name"] = (policy.LatestRef.Name, policy);
            setters[name + ":digest"] = (policy.LatestRef.Digest ?? string.Empty, policy);
        }

        return setters;
    }

    /// <summary>Applies the setters of <paramref name="policies"/> to the files under <paramref name="root"/>.</summary>
    /// <exception cref="ImageSetterException">The root does not exist, a limit was passed or a file could not be written.</exception>
    public async Task<SetterResult> ApplyAsync(string root, IEnumerable<ImagePolicyResult> policies, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(root);
        var setters = SettersFor(policies);
        var fullRoot = Path.GetFullPath(root);
        if (!Directory.Exists(fullRoot))
        {
            throw new ImageSetterException($"update path '{root}' is not a directory");
        }

        fullRoot = new DirectoryInfo(fullRoot).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? fullRoot;
        var files = new List<FileChanges>();
        var writes = new List<(string Physical, string Text)>();
        var problems = new List<string>();
        foreach (var (relative, physical) in RootWalker.Files(fullRoot, _options.MaxFiles))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var info = new FileInfo(physical);
            byte[] bytes;
            if (info.Length > _options.MaxFileBytes)
            {
                if (await ContainsTokenPrefixAsync(physical, cancellationToken).ConfigureAwait(false))
                {
                    problems.Add(relative);
                }

                continue;
            }

            bytes = await File.ReadAllBytesAsync(physical, cancellationToken).ConfigureAwait(false);
            if (bytes.AsSpan().IndexOf(Token) < 0)
            {
                continue;
            }

            var text = Encoding.UTF8.GetString(bytes);
            List<MarkedScalar> marked;
            List<ObjectIdentifier> documents;
            try
            {
                (marked, documents) = MarkerScanner.Scan(text);
            }
            catch (YamlException)
            {
                problems.Add(relative);
                continue;
            }

            var changed = Update(text, marked, documents, setters, out var updated);
            if (changed.Count == 0)
            {
                continue;
            }

            writes.Add((physical, updated));
            files.Add(new FileChanges(relative, changed));
        }

        // Everything is read before anything is written, as Flux's reader, filter and writer pipeline does.
        foreach (var (physical, text) in writes)
        {
            await WriteAtomicallyAsync(physical, text, cancellationToken).ConfigureAwait(false);
        }

        return new SetterResult(files, problems);
    }

    private static List<ObjectChanges> Update(
        string text,
        List<MarkedScalar> marked,
        List<ObjectIdentifier> documents,
        IReadOnlyDictionary<string, (string Value, ImagePolicyResult Policy)> setters,
        out string updated)
    {
        var byDocument = new SortedDictionary<int, List<SetterChange>>();
        var edits = new List<(int Start, int End, string Text)>();
        foreach (var m in marked)
        {
            if (!setters.TryGetValue(m.Setter, out var setter) || setter.Value == m.Value)
            {
                continue;
            }

            edits.Add((m.Start, m.End, ScalarText.Render(setter.Value, m.Style)));
            if (!byDocument.TryGetValue(m.Document, out var list))
            {
                byDocument[m.Document] = list = [];
            }

            list.Add(new SetterChange(m.Setter, m.Value, setter.Value, setter.Policy));
        }

        var sb = new StringBuilder(text.Length + 64);
        var at = 0;
        foreach (var (start, end, replacement) in edits.OrderBy(e => e.Start))
        {
            sb.Append(text, at, start - at).Append(replacement);
            at = end;
        }

        updated = sb.Append(text, at, text.Length - at).ToString();

        // Documents with the same identity share one entry, as Flux's map keyed by identifier does.
        var objects = new List<ObjectChanges>();
        foreach (var (document, changes) in byDocument)
        {
            var id = documents[document];
            var existing = objects.FindIndex(o => o.Resource == id);
            if (existing >= 0)
            {
                objects[existing] = objects[existing] with { Changes = [.. objects[existing].Changes, .. changes] };
            }
            else
            {
                objects.Add(new ObjectChanges(id, changes));
            }
        }

        return objects;
    }

    private static async Task<bool> ContainsTokenPrefixAsync(string path, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        var stream = File.OpenRead(path);
        await using (stream.ConfigureAwait(false))
        {
            var read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            return buffer.AsSpan(0, read).IndexOf(Token) >= 0;
        }
    }

    private static async Task WriteAtomicallyAsync(string path, string text, CancellationToken cancellationToken)
    {
        var temp = Path.Combine(Path.GetDirectoryName(path)!, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp");
        try
        {
            await File.WriteAllTextAsync(temp, text, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temp, File.GetUnixFileMode(path));
            }

            File.Move(temp, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            File.Delete(temp);
            throw new ImageSetterException($"writing '{path}' failed: {ex.Message}", ex);
        }
    }
}
