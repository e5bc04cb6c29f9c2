namespace GitOps.Ssa.ApiServer;

/// <summary>
/// The authenticated user of a request, as the API server writes it where an object records its requester
/// (a CertificateSigningRequest's <c>spec.username</c>, <c>uid</c>, <c>groups</c> and <c>extra</c>).
/// </summary>
/// <param name="Name">The user name.</param>
/// <param name="Uid">The user's uid; empty when the authenticator gives none.</param>
/// <param name="Groups">The groups, <c>system:authenticated</c> included as the server adds it.</param>
/// <param name="Extra">Extra attributes; none when null.</param>
public sealed record KubernetesUserInfo(string Name, string Uid, IReadOnlyList<string> Groups, IReadOnlyDictionary<string, IReadOnlyList<string>>? Extra = null)
{
    /// <summary>
    /// A cluster administrator from a static token file: <c>admin</c> (uid <c>admin-uid</c>, a uid of its own
    /// as a token file line gives one) in <c>system:masters</c>.
    /// </summary>
    public static KubernetesUserInfo Admin { get; } = new("admin", "admin-uid", ["system:masters", "system:authenticated"]);
}
