namespace GitOps.Oci.Registry;

/// <summary>A user name and password (or token) for a registry; <see cref="ToString"/> never shows the password.</summary>
/// <param name="Username">The user name.</param>
/// <param name="Password">The password or access token.</param>
public sealed record OciCredential(string Username, string Password)
{
    /// <summary>The user name with the password masked.</summary>
    public override string ToString() => Username + ":***";
}
