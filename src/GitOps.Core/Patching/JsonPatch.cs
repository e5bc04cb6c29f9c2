using GitOps.Patching.Internal;
using GitOps.Yaml;

namespace GitOps.Patching;

/// <summary>
/// A JSON patch (RFC 6902: add, remove, replace, move, copy, test over RFC 6901 pointers with <c>~0</c>,
/// <c>~1</c> and <c>-</c>) applied to the YAML object model with the exact behaviour and messages of
/// evanphx/json-patch v4 as kustomize v5.5 runs it (negative array indexes count from the end; replace
/// of a missing object key adds it; a failed test reports <c>testing value /path failed: test failed</c>).
/// </summary>
public sealed class JsonPatch
{
    private JsonPatch(IReadOnlyList<JsonPatchOperation> operations)
    {
        Operations = operations;
    }

    /// <summary>The operations, in order.</summary>
    public IReadOnlyList<JsonPatchOperation> Operations { get; }

    /// <summary>
    /// Parses a patch as kustomize does: a JSON array, or (text not starting with <c>[</c>) a YAML list of
    /// operations read with YAML 1.1 rules as sigs.k8s.io/yaml reads it.
    /// </summary>
    /// <param name="text">The patch text.</param>
    /// <returns>The patch.</returns>
    /// <exception cref="PatchException">The text is not a list of operations.</exception>
    public static JsonPatch Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        YamlNode doc;
        try
        {
            doc = YamlReader.ReadDocument(text);
        }
        catch (YamlException ex)
        {
            throw new PatchException(ex.Message, ex);
        }

        if (!text.StartsWith('['))
        {
            doc = JsonValues.FromYaml11(doc);
        }

        return FromNode(doc);
    }

    /// <summary>Reads a patch from an already parsed list of operation mappings.</summary>
    /// <param name="operations">The list.</param>
    /// <returns>The patch.</returns>
    /// <exception cref="PatchException">The node is not a list of mappings.</exception>
    public static JsonPatch FromNode(YamlNode operations)
    {
        ArgumentNullException.ThrowIfNull(operations);
        if (operations is not YamlSequence seq)
        {
            throw new PatchException($"json: cannot unmarshal {JsonValues.JsonKind(operations)} into Go value of type jsonpatch.Patch");
        }

        var ops = new List<JsonPatchOperation>(seq.Count);
        foreach (var item in seq)
        {
            if (item is YamlScalar { IsNull: true })
            {
                ops.Add(new JsonPatchOperation("unknown", null, null, null));
                continue;
            }

            if (item is not YamlMapping m)
            {
                throw new PatchException($"json: cannot unmarshal {JsonValues.JsonKind(item)} into Go value of type jsonpatch.Operation");
            }

            ops.Add(new JsonPatchOperation(
                m["op"] is YamlScalar { IsString: true } op ? op.Value : "unknown",
                StringField(m, "path"),
                StringField(m, "from"),
                m["value"]));
        }

        return new JsonPatch(ops);
    }

    /// <summary>Applies the operations in order to a copy of <paramref name="document"/>.</summary>
    /// <param name="document">The document (a mapping or a sequence); not changed.</param>
    /// <returns>The patched document.</returns>
    /// <exception cref="PatchException">An operation failed; the message is evanphx/json-patch's.</exception>
    public YamlNode Apply(YamlNode document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return ApplyInPlace(document.DeepClone());
    }

    /// <summary>
    /// Applies the operations in order to <paramref name="document"/> itself, for a caller that drops the document
    /// when an operation fails (a kustomize build fails as a whole): no copy of the document is made.
    /// </summary>
    /// <param name="document">The document, changed in place; partly changed when an operation fails.</param>
    /// <returns>The patched document (<paramref name="document"/>, or the value an operation on the root put in its place).</returns>
    /// <exception cref="PatchException">An operation failed; the message is evanphx/json-patch's.</exception>
    internal YamlNode ApplyInPlace(YamlNode document)
    {
        var root = new JsonPatchApplier(document);
        foreach (var op in Operations)
        {
            root.Apply(op);
        }

        return root.Root;
    }

    private static string? StringField(YamlMapping m, string key) => m[key] switch
    {
        null => null,
        YamlScalar { IsNull: true } => null,
        YamlScalar s => s.Value,
        _ => null,
    };
}
