using System.Text.Json;
using GitOps.Artifacts;

namespace GitOps.Oci.Registry;

/// <summary>
/// An OCI image manifest (or Docker schema 2 manifest) as the registry served it: its digest (of the bytes
/// served, verified), config and layers, and annotations.
/// </summary>
/// <param name="Digest">The digest of <see cref="Content"/>, which the registry's bytes were checked against.</param>
/// <param name="MediaType">The manifest's media type.</param>
/// <param name="Config">The config descriptor.</param>
/// <param name="Layers">The layer descriptors, in order.</param>
public sealed record OciManifest(Digest Digest, string MediaType, OciDescriptor Config, IReadOnlyList<OciDescriptor> Layers)
{
    /// <summary>The manifest's annotations (empty when it has none).</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    /// <summary>The manifest's bytes as served.</summary>
    public ReadOnlyMemory<byte> Content { get; init; }

    /// <summary>The manifest's size in bytes.</summary>
    public long Size => Content.Length;

    /// <summary>Reads a manifest from its JSON bytes (the digest is computed from them).</summary>
    /// <exception cref="OciManifestException">The bytes are not an image manifest.</exception>
    public static OciManifest Parse(ReadOnlyMemory<byte> content, string? mediaType = null)
    {
        try
        {
            using var document = JsonDocument.Parse(content);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new OciManifestException("a manifest is a JSON object");
            }

            var declared = root.TryGetProperty("mediaType", out var mt) && mt.ValueKind == JsonValueKind.String ? mt.GetString()! : null;
            var type = declared ?? mediaType ?? OciMediaTypes.ImageManifest;
            if (type is OciMediaTypes.ImageIndex or OciMediaTypes.DockerManifestList || root.TryGetProperty("manifests", out _))
            {
                throw new OciManifestException($"the reference names an index ({type}), not an image manifest");
            }

            if (!root.TryGetProperty("schemaVersion", out var schema) || schema.ValueKind != JsonValueKind.Number || schema.GetInt32() != 2)
            {
                throw new OciManifestException("a manifest has schemaVersion 2");
            }

            if (!root.TryGetProperty("config", out var config))
            {
                throw new OciManifestException("the manifest has no config");
            }

            var layers = new List<OciDescriptor>();
            if (root.TryGetProperty("layers", out var layerArray))
            {
                if (layerArray.ValueKind != JsonValueKind.Array)
                {
                    throw new OciManifestException("the manifest's layers are not an array");
                }

                foreach (var layer in layerArray.EnumerateArray())
                {
                    layers.Add(ReadDescriptor(layer));
                }
            }

            return new OciManifest(Artifacts.Digest.Compute(content.Span), type, ReadDescriptor(config), layers)
            {
                Annotations = ReadAnnotations(root),
                Content = content,
            };
        }
        catch (JsonException ex)
        {
            throw new OciManifestException($"the manifest is not valid JSON: {ex.Message}", ex);
        }
        catch (InvalidOperationException ex)
        {
            throw new OciManifestException($"the manifest has a field of the wrong type: {ex.Message}", ex);
        }
    }

    private static OciDescriptor ReadDescriptor(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object
            || !element.TryGetProperty("mediaType", out var mediaType) || mediaType.ValueKind != JsonValueKind.String
            || !element.TryGetProperty("digest", out var digest) || digest.ValueKind != JsonValueKind.String
            || !element.TryGetProperty("size", out var size) || !size.TryGetInt64(out var length) || length < 0)
        {
            throw new OciManifestException("a descriptor needs mediaType, digest and a non-negative size");
        }

        var digestText = digest.GetString()!;
        if (!digestText.Contains(':', StringComparison.Ordinal) || !Artifacts.Digest.TryParse(digestText, out var parsed) || parsed.Algorithm == DigestAlgorithm.Sha1)
        {
            throw new OciManifestException($"'{digestText}' is not a sha256, sha384 or sha512 digest");
        }

        return new OciDescriptor(mediaType.GetString()!, parsed, length) { Annotations = ReadAnnotations(element) };
    }

    private static Dictionary<string, string> ReadAnnotations(JsonElement element)
    {
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        if (element.TryGetProperty("annotations", out var map) && map.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in map.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.String)
                {
                    annotations[property.Name] = property.Value.GetString()!;
                }
            }
        }

        return annotations;
    }

    /// <summary>
    /// Writes an OCI image manifest (<see cref="OciMediaTypes.ImageManifest"/>) for <paramref name="config"/>
    /// and <paramref name="layers"/>, annotations sorted by key (as Go's JSON encoder writes maps).
    /// </summary>
    public static byte[] Write(OciDescriptor config, IReadOnlyList<OciDescriptor> layers, IReadOnlyDictionary<string, string>? annotations = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(layers);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("schemaVersion", 2);
            writer.WriteString("mediaType", OciMediaTypes.ImageManifest);
            writer.WritePropertyName("config");
            WriteDescriptor(writer, config);
            writer.WriteStartArray("layers");
            foreach (var layer in layers)
            {
                WriteDescriptor(writer, layer);
            }

            writer.WriteEndArray();
            WriteAnnotations(writer, annotations);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteDescriptor(Utf8JsonWriter writer, OciDescriptor descriptor)
    {
        writer.WriteStartObject();
        writer.WriteString("mediaType", descriptor.MediaType);
        writer.WriteString("digest", descriptor.Digest.ToString());
        writer.WriteNumber("size", descriptor.Size);
        WriteAnnotations(writer, descriptor.Annotations);
        writer.WriteEndObject();
    }

    private static void WriteAnnotations(Utf8JsonWriter writer, IReadOnlyDictionary<string, string>? annotations)
    {
        if (annotations is null || annotations.Count == 0)
        {
            return;
        }

        writer.WriteStartObject("annotations");
        foreach (var (key, value) in annotations.OrderBy(static a => a.Key, StringComparer.Ordinal))
        {
            writer.WriteString(key, value);
        }

        writer.WriteEndObject();
    }
}
