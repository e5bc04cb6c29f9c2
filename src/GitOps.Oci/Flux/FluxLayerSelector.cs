namespace GitOps.Oci.Flux;

/// <summary>What to do with the selected layer (Flux's <c>layerSelector.operation</c>).</summary>
public enum FluxLayerOperation
{
    /// <summary>Extract the layer (a tar+gzip) into the destination directory (Flux's default).</summary>
    Extract,

    /// <summary>Store the layer's bytes as they are, in one file (Flux's <c>copy</c>, for a Helm chart layer, say).</summary>
    Copy,
}

/// <summary>
/// Which layer of an artifact to take and how (Flux's OCIRepository <c>spec.layerSelector</c>): the first layer
/// whose media type is <see cref="MediaType"/>, or the first layer when it is null.
/// </summary>
/// <param name="MediaType">The media type to match, or null for the first layer.</param>
/// <param name="Operation">Extract (default) or copy.</param>
public sealed record FluxLayerSelector(string? MediaType = null, FluxLayerOperation Operation = FluxLayerOperation.Extract);
