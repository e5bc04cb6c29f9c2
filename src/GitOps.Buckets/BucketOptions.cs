namespace GitOps.Buckets;

/// <summary>
/// Where a <see cref="BucketSource"/> reads from and the limits it keeps. Every limit is on by default;
/// <see cref="Validate"/> checks the values before any request is made.
/// </summary>
public sealed class BucketOptions
{
    /// <summary>The default for <see cref="Region"/>: <c>us-east-1</c>.</summary>
    public const string DefaultRegion = "us-east-1";

    /// <summary>The default for <see cref="MaxConcurrency"/>: 16 downloads at a time.</summary>
    public const int DefaultMaxConcurrency = 16;

    /// <summary>The default for <see cref="MaxObjects"/>: 10,000 objects.</summary>
    public const int DefaultMaxObjects = 10_000;

    /// <summary>The default for <see cref="MaxObjectBytes"/>: 64 MiB.</summary>
    public const long DefaultMaxObjectBytes = 64L * 1024 * 1024;

    /// <summary>The default for <see cref="MaxTotalBytes"/>: 1 GiB.</summary>
    public const long DefaultMaxTotalBytes = 1024L * 1024 * 1024;

    /// <summary>The default for <see cref="Timeout"/>: 60 seconds, as a Flux Bucket's <c>spec.timeout</c>.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The S3 endpoint, <c>http://</c> or <c>https://</c> with host and port (<c>https://s3.example.com</c>,
    /// <c>http://127.0.0.1:9000</c>). Required.
    /// </summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The region the requests are signed for. Default <see cref="DefaultRegion"/>.</summary>
    public string Region { get; set; } = DefaultRegion;

    /// <summary>The access key and secret; null sends unsigned (anonymous) requests. Default null.</summary>
    public BucketCredentials? Credentials { get; set; }

    /// <summary>
    /// Whether the bucket goes in the path (<c>http://host/bucket/key</c>) rather than in the host name.
    /// Default true: what S3-compatible servers (MinIO, Swift, Ceph) on an address or a plain host name need.
    /// </summary>
    public bool ForcePathStyle { get; set; } = true;

    /// <summary>How many objects are downloaded at a time. Default <see cref="DefaultMaxConcurrency"/> (Flux: 100).</summary>
    public int MaxConcurrency { get; set; } = DefaultMaxConcurrency;

    /// <summary>The most objects the source may hold after the ignore rules. Default <see cref="DefaultMaxObjects"/>.</summary>
    public int MaxObjects { get; set; } = DefaultMaxObjects;

    /// <summary>The largest single object (and <c>.sourceignore</c>). Default <see cref="DefaultMaxObjectBytes"/>.</summary>
    public long MaxObjectBytes { get; set; } = DefaultMaxObjectBytes;

    /// <summary>The most bytes downloaded in all. Default <see cref="DefaultMaxTotalBytes"/>.</summary>
    public long MaxTotalBytes { get; set; } = DefaultMaxTotalBytes;

    /// <summary>
    /// How long listing may take, and then how long downloading may take (each phase has its own budget, as
    /// Flux gives <c>spec.timeout</c> to each). A server that stops answering fails with
    /// <see cref="BucketTimeoutException"/> within this time. Default <see cref="DefaultTimeout"/>.
    /// </summary>
    public TimeSpan Timeout { get; set; } = DefaultTimeout;

    /// <summary>The default for <see cref="InactivityTimeout"/>: 30 seconds, as every other download (<c>ArtifactFetchOptions.DefaultInactivityTimeout</c>).</summary>
    public static readonly TimeSpan DefaultInactivityTimeout = GitOps.Artifacts.Fetch.ArtifactFetchOptions.DefaultInactivityTimeout;

    /// <summary>
    /// How long an object's body (and <c>.sourceignore</c>'s) may send nothing, and the window over which
    /// <see cref="MinimumBytesPerSecond"/> is checked; either failure is a <see cref="BucketTimeoutException"/> well
    /// before <see cref="Timeout"/>. Default <see cref="DefaultInactivityTimeout"/>.
    /// </summary>
    public TimeSpan InactivityTimeout { get; set; } = DefaultInactivityTimeout;

    /// <summary>
    /// The slowest object body accepted, averaged over each <see cref="InactivityTimeout"/> window, so that a server
    /// trickling a byte at a time cannot hold a download for its whole <see cref="Timeout"/>. Default 1,024 bytes a
    /// second; 0 disables the check.
    /// </summary>
    public long MinimumBytesPerSecond { get; set; } = 1024;

    /// <summary>Retries of a request after a transient failure (connection, 5xx). Default 2.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>
    /// Extra ignore rules in <c>.sourceignore</c> syntax, applied after the bucket's own <c>.sourceignore</c>
    /// (so they take precedence), like a Bucket's <c>spec.ignore</c>. Default none.
    /// </summary>
    public string? Ignore { get; set; }

    /// <summary>
    /// Whether the built-in exclusions apply to object keys as for a GitRepository: the VCS files always, and
    /// Flux's default exclusions (images, archives, CI configuration) when there are no rules. Default false:
    /// Flux's Bucket source applies only the bucket's <c>.sourceignore</c> and <see cref="Ignore"/>, and the
    /// revision is Flux's only with the same set of objects.
    /// </summary>
    public bool ApplyDefaultExclusions { get; set; }

    /// <summary>Checks every value; throws <see cref="ArgumentException"/> naming the first bad one.</summary>
    public void Validate()
    {
        if (Endpoint is null)
        {
            throw new ArgumentException("an endpoint is required", nameof(Endpoint));
        }

        if (!Endpoint.IsAbsoluteUri || (Endpoint.Scheme != Uri.UriSchemeHttp && Endpoint.Scheme != Uri.UriSchemeHttps) || Endpoint.Host.Length == 0)
        {
            throw new ArgumentException($"the endpoint must be an absolute http or https URL, not '{Endpoint}'", nameof(Endpoint));
        }

        if (Endpoint.UserInfo.Length > 0)
        {
            throw new ArgumentException("the endpoint must not carry credentials: use Credentials", nameof(Endpoint));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(Region, nameof(Region));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrency, 1, nameof(MaxConcurrency));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxObjects, 1, nameof(MaxObjects));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxObjectBytes, 1, nameof(MaxObjectBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxTotalBytes, 1, nameof(MaxTotalBytes));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Timeout, TimeSpan.Zero, nameof(Timeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(InactivityTimeout, TimeSpan.Zero, nameof(InactivityTimeout));
        ArgumentOutOfRangeException.ThrowIfNegative(MinimumBytesPerSecond, nameof(MinimumBytesPerSecond));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRetries, nameof(MaxRetries));
    }
}
