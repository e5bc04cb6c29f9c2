using GitOps.Artifacts.Extraction;

namespace GitOps.Oci.Flux;

/// <summary>How to pull a Flux artifact. Defaults: the tag in the reference (or <c>latest</c>), the first layer, extracted under <see cref="ExtractionOptions"/>' limits.</summary>
public sealed class FluxPullOptions
{
    /// <summary>
    /// A version constraint (Helm/Masterminds syntax, as Flux's <c>spec.ref.semver</c>): the highest tag
    /// satisfying it is pulled instead of the reference's tag. Null (the default) uses the reference.
    /// </summary>
    public string? SemVer { get; set; }

    /// <summary>Which layer to take and how (default: the first layer, extracted).</summary>
    public FluxLayerSelector LayerSelector { get; set; } = new();

    /// <summary>Limits on extraction (default: <see cref="ExtractionOptions"/>' defaults: 100 MiB, 100,000 entries, links refused).</summary>
    public ExtractionOptions Extraction { get; set; } = new();

    /// <summary>Checks the settings.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(LayerSelector, nameof(LayerSelector));
        ArgumentNullException.ThrowIfNull(Extraction, nameof(Extraction));
        Extraction.Validate();
    }
}
