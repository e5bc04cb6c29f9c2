namespace GitOps.Buckets;

/// <summary>
/// An S3 access key and its secret (Flux's <c>accesskey</c> and <c>secretkey</c>). The secret is never
/// printed: <see cref="ToString"/> shows the access key only.
/// </summary>
public sealed class BucketCredentials
{
    /// <summary>Creates the credentials.</summary>
    /// <param name="accessKey">The access key id.</param>
    /// <param name="secretKey">The secret access key.</param>
    public BucketCredentials(string accessKey, string secretKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessKey);
        ArgumentException.ThrowIfNullOrEmpty(secretKey);
        AccessKey = accessKey;
        SecretKey = secretKey;
    }

    /// <summary>The access key id.</summary>
    public string AccessKey { get; }

    /// <summary>The secret access key.</summary>
    public string SecretKey { get; }

    /// <summary>The access key, with the secret masked.</summary>
    public override string ToString() => $"{AccessKey}:***";
}
