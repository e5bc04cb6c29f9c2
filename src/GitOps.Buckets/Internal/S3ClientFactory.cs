using Amazon.Runtime;
using Amazon.S3;

namespace GitOps.Buckets.Internal;

/// <summary>Builds the AWS SDK client for an S3-compatible endpoint from <see cref="BucketOptions"/>.</summary>
internal static class S3ClientFactory
{
    public static AmazonS3Client Create(BucketOptions options)
    {
        var config = new AmazonS3Config
        {
            ServiceURL = options.Endpoint!.GetLeftPart(UriPartial.Path).TrimEnd('/'),
            ForcePathStyle = options.ForcePathStyle,
            AuthenticationRegion = options.Region,
            // S3-compatible servers (Swift's s3api among them) refuse the aws-chunked uploads and the extra
            // checksums AWSSDK.S3 4.x sends by default; ask for checksums only where the API requires them.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            Timeout = options.Timeout,
            MaxErrorRetry = options.MaxRetries,
            MaxConnectionsPerServer = options.MaxConcurrency,
        };

        // Explicit credentials only: never the SDK's chain (environment, profile files, instance metadata).
        AWSCredentials credentials = options.Credentials is { } c
            ? new BasicAWSCredentials(c.AccessKey, c.SecretKey)
            : new AnonymousAWSCredentials();
        return new AmazonS3Client(credentials, config);
    }
}
