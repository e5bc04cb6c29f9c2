using System.Net;
using Amazon.Runtime;
using Amazon.S3;

namespace GitOps.Buckets.Internal;

/// <summary>Turns the AWS SDK's exceptions into the bucket source's typed ones.</summary>
internal static class S3Errors
{
    /// <summary>Whether <paramref name="exception"/> says the key does not exist (<c>NoSuchKey</c>, or a 404 without a bucket error).</summary>
    public static bool IsNoSuchKey(Exception exception) =>
        exception is AmazonS3Exception { ErrorCode: "NoSuchKey" } or AmazonS3Exception { StatusCode: HttpStatusCode.NotFound, ErrorCode: not "NoSuchBucket" };

    /// <summary>
    /// The typed exception for a failure while <paramref name="phase"/>, or null when the caller cancelled
    /// (the original <see cref="OperationCanceledException"/> is then rethrown).
    /// </summary>
    public static BucketException? Translate(Exception exception, string bucketName, string phase, TimeSpan timeout, CancellationToken callerToken)
    {
        if (callerToken.IsCancellationRequested && exception is OperationCanceledException)
        {
            return null;
        }

        if (exception is BucketException typed)
        {
            return typed;
        }

        if (IsTimeout(exception))
        {
            return new BucketTimeoutException(bucketName, phase, timeout, exception);
        }

        if (exception is AmazonServiceException { StatusCode: not 0 } service)
        {
            var status = (int)service.StatusCode;
            if (service.ErrorCode == "NoSuchBucket")
            {
                return new BucketNotFoundException(bucketName, exception);
            }

            if (status == 403 || service.ErrorCode is "SignatureDoesNotMatch" or "InvalidAccessKeyId" or "AccessDenied")
            {
                return new BucketAuthenticationException(bucketName, service.ErrorCode, service.Message, exception);
            }

            var transient = (status >= 500 && status != 501) || status is 408 or 429;
            return new BucketTransportException(bucketName, $"{phase} bucket '{bucketName}' failed: HTTP {status} {service.ErrorCode}: {service.Message}", transient, status, service.ErrorCode, exception);
        }

        if (exception is AmazonClientException or HttpRequestException or IOException)
        {
            return new BucketTransportException(bucketName, $"{phase} bucket '{bucketName}' failed: {Innermost(exception).Message}", isTransient: true, innerException: exception);
        }

        return null;
    }

    private static bool IsTimeout(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is OperationCanceledException or TimeoutException)
            {
                return true;
            }
        }

        return false;
    }

    private static Exception Innermost(Exception exception)
    {
        var e = exception;
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }
}
