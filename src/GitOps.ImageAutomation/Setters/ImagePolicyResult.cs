namespace GitOps.ImageAutomation.Setters;

/// <summary>An ImagePolicy and the image it chose: what the setters of <c>"&lt;namespace&gt;:&lt;name&gt;"</c> write.</summary>
/// <param name="Namespace">The policy's namespace.</param>
/// <param name="Name">The policy's name.</param>
/// <param name="LatestRef">The chosen image.</param>
public sealed record ImagePolicyResult(string Namespace, string Name, ImageRef LatestRef)
{
    /// <summary>The setter base name, <c>namespace:name</c>.</summary>
    public string SetterName => $"{Namespace}:{Name}";
}
