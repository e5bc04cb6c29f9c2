using System.Text;
using DiffPlex;
using DiffPlex.Chunkers;
using GitOps.Kubernetes.Apply;
using GitOps.Kubernetes.Apply.Internal;
using GitOps.Kubernetes.Objects.Internal;
using GitOps.Ssa.Values;

namespace GitOps.Kubernetes.Drift;

/// <summary>
/// Explains a drift found by <see cref="ResourceManager.DiffAsync"/>: a unified diff of the YAML (DiffPlex line diff, three lines of
/// context), an RFC 6902 patch, and, beyond Flux and Argo CD, the field managers of the live object that own each changed field.
/// </summary>
public static class DriftExplainer
{
    private const int Context = 3;

    /// <summary>Explains a drifted object.</summary>
    /// <param name="diff">A <see cref="ChangeSetAction.Configured"/> result (with live and merged objects).</param>
    /// <returns>The explanation.</returns>
    /// <exception cref="ArgumentException">The result has no live and merged objects.</exception>
    public static DriftExplanation Explain(DiffResult diff)
    {
        ArgumentNullException.ThrowIfNull(diff);
        if (diff.Live is null || diff.Merged is null)
        {
            throw new ArgumentException("only a drifted object (configured, with live and merged objects) can be explained", nameof(diff));
        }

        var subject = diff.Entry.Subject;
        // Both objects as flux diff writes them: sigs.k8s.io/yaml, keys sorted, which is what ToYaml writes.
        var text = UnifiedDiff(diff.Live.ToYaml(), diff.Merged.ToYaml(), "live/" + subject, "merged/" + subject);
        var patch = CreatePatch(Strip(diff.Live), Strip(diff.Merged));
        var owners = diff.LiveWithManagedFields is null ? [] : Owners(diff.LiveWithManagedFields, patch);
        return new DriftExplanation(subject, text, patch, owners);
    }

    /// <summary>A unified diff (<c>---</c>/<c>+++</c> headers, <c>@@</c> hunks) of two texts, line by line.</summary>
    /// <param name="oldText">The old text.</param>
    /// <param name="newText">The new text.</param>
    /// <param name="oldName">The old file's name.</param>
    /// <param name="newName">The new file's name.</param>
    /// <returns>The diff; empty when the texts are equal.</returns>
    public static string UnifiedDiff(string oldText, string newText, string oldName, string newName)
    {
        ArgumentNullException.ThrowIfNull(oldText);
        ArgumentNullException.ThrowIfNull(newText);
        var result = new Differ().CreateDiffs(TrimNewline(oldText), TrimNewline(newText), false, false, new LineChunker());
        if (result.DiffBlocks.Count == 0)
        {
            return string.Empty;
        }

        // Lines as (kind, text): ' ' same, '-' old only, '+' new only, in order.
        var lines = new List<(char Kind, string Text, int Old, int New)>();
        int a = 0, b = 0;
        foreach (var block in result.DiffBlocks)
        {
            while (a < block.DeleteStartA)
            {
                lines.Add((' ', result.PiecesOld[a], a++, b++));
            }

            for (var i = 0; i < block.DeleteCountA; i++)
            {
                lines.Add(('-', result.PiecesOld[a], a++, b));
            }

            for (var i = 0; i < block.InsertCountB; i++)
            {
                lines.Add(('+', result.PiecesNew[b], a, b++));
            }
        }

        while (a < result.PiecesOld.Count)
        {
            lines.Add((' ', result.PiecesOld[a], a++, b++));
        }

        var sb = new StringBuilder();
        sb.Append("--- ").Append(oldName).Append('\n').Append("+++ ").Append(newName).Append('\n');
        var changes = Enumerable.Range(0, lines.Count).Where(i => lines[i].Kind != ' ').ToList();
        var g = 0;
        while (g < changes.Count)
        {
            var last = g;
            while (last + 1 < changes.Count && changes[last + 1] - changes[last] - 1 <= 2 * Context)
            {
                last++;
            }

            var from = Math.Max(0, changes[g] - Context);
            var to = Math.Min(lines.Count - 1, changes[last] + Context);
            var hunk = lines.GetRange(from, to - from + 1);
            var oldCount = hunk.Count(l => l.Kind != '+');
            var newCount = hunk.Count(l => l.Kind != '-');
            sb.Append("@@ -").Append(hunk[0].Old + (oldCount == 0 ? 0 : 1)).Append(',').Append(oldCount)
                .Append(" +").Append(hunk[0].New + (newCount == 0 ? 0 : 1)).Append(',').Append(newCount).Append(" @@\n");
            foreach (var l in hunk)
            {
                sb.Append(l.Kind).Append(l.Text).Append('\n');
            }

            g = last + 1;
        }

        return sb.ToString();
    }

    /// <summary>An RFC 6902 patch turning one value into another: keys removed, added or replaced; lists of the same length item by item, else replaced whole.</summary>
    /// <param name="from">The source.</param>
    /// <param name="to">The target.</param>
    /// <returns>The operations.</returns>
    public static IReadOnlyList<JsonPatchOperation> CreatePatch(SsaValue from, SsaValue to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var ops = new List<JsonPatchOperation>();
        Compare(from, to, string.Empty, ops);
        return ops;
    }

    private static void Compare(SsaValue from, SsaValue to, string path, List<JsonPatchOperation> ops)
    {
        if (SsaValue.DeepEquals(from, to))
        {
            return;
        }

        if (from.IsMap && to.IsMap)
        {
            foreach (var (k, v) in from.AsMap.Entries)
            {
                var child = path + "/" + JsonPointer.Escape(k);
                if (to.AsMap.TryGetValue(k, out var w))
                {
                    Compare(v, w, child, ops);
                }
                else
                {
                    ops.Add(new JsonPatchOperation("remove", child, null));
                }
            }

            foreach (var (k, w) in to.AsMap.Entries.Where(e => !from.AsMap.ContainsKey(e.Key)))
            {
                ops.Add(new JsonPatchOperation("add", path + "/" + JsonPointer.Escape(k), w));
            }

            return;
        }

        if (from.IsList && to.IsList && from.AsList.Count == to.AsList.Count)
        {
            for (var i = 0; i < from.AsList.Count; i++)
            {
                Compare(from.AsList[i], to.AsList[i], path + "/" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), ops);
            }

            return;
        }

        ops.Add(new JsonPatchOperation("replace", path.Length == 0 ? string.Empty : path, to));
    }

    private static List<FieldOwnership> Owners(SsaValue live, IReadOnlyList<JsonPatchOperation> patch)
    {
        var entries = ManagedFieldsAccess.Read(live);
        var result = new List<FieldOwnership>();
        foreach (var op in patch)
        {
            var pointer = JsonPointer.Parse(op.Path);
            var owners = entries.Where(e => pointer.Length > 0 && DriftCheck.Owns(e.Fields, live, pointer))
                .Select(e => e.Manager + " (" + e.Operation + (e.Subresource.Length > 0 ? ", " + e.Subresource : string.Empty) + ")")
                .Distinct().ToList();
            result.Add(new FieldOwnership(op.Path, owners));
        }

        return result;
    }

    private static string TrimNewline(string text) => text.EndsWith('\n') ? text[..^1] : text;

    // Only what Flux compares: no managedFields, resourceVersion and the like.
    private static SsaValue Strip(SsaValue obj)
    {
        foreach (var key in new[] { "managedFields", "resourceVersion", "generation", "uid", "creationTimestamp" })
        {
            obj = Obj.WithPath(obj, ["metadata", key], null);
        }

        return Obj.Without(obj, "status");
    }
}
