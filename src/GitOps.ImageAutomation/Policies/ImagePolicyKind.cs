namespace GitOps.ImageAutomation.Policies;

/// <summary>The ways an ImagePolicy chooses a tag (Flux's <c>ImagePolicyChoice</c>).</summary>
public enum ImagePolicyKind
{
    /// <summary>The highest version within a semver range.</summary>
    SemVer,

    /// <summary>By string order.</summary>
    Alphabetical,

    /// <summary>By numeric value.</summary>
    Numerical,
}
