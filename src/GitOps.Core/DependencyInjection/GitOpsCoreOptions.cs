using GitOps.Artifacts.Extraction;
using GitOps.Notifications;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// What <see cref="GitOpsCoreServiceCollectionExtensions.AddGitOpsCore(IServiceCollection, Action{GitOpsCoreOptions}?)"/>
/// registers: the named HTTP client of the artifact fetcher and the default limits of the extractor and the
/// notification dispatcher. Every default is safe.
/// </summary>
public sealed class GitOpsCoreOptions
{
    /// <summary>The default name of the fetcher's <c>IHttpClientFactory</c> client: <c>GitOps.Artifacts</c>.</summary>
    public const string DefaultHttpClientName = "GitOps.Artifacts";

    /// <summary>
    /// The name of the <c>IHttpClientFactory</c> client the <c>ArtifactFetcher</c> sends with. Configure it with
    /// <c>services.AddHttpClient(name)</c> (a proxy, a custom CA, extra handlers); the registration keeps its
    /// primary handler from decompressing, since digests are over the bytes as served, and never follows
    /// redirects itself (the fetcher does, checking each one). Default <see cref="DefaultHttpClientName"/>.
    /// </summary>
    public string HttpClientName { get; set; } = DefaultHttpClientName;

    /// <summary>The limits the registered <c>ArchiveExtractor</c> uses when a call passes none. Default: <see cref="ExtractionOptions"/>' defaults.</summary>
    public ExtractionOptions Extraction { get; set; } = new();

    /// <summary>The limits of the registered <c>NotificationDispatcher</c>. Default: <see cref="NotificationDispatcherOptions"/>' defaults.</summary>
    public NotificationDispatcherOptions Notifications { get; set; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> when a value is missing or out of range.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(HttpClientName, nameof(HttpClientName));
        ArgumentNullException.ThrowIfNull(Extraction, nameof(Extraction));
        ArgumentNullException.ThrowIfNull(Notifications, nameof(Notifications));
        Extraction.Validate();
        Notifications.Validate();
    }
}
