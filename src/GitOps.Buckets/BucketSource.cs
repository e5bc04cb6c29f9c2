using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using GitOps.Artifacts;
using GitOps.Artifacts.Packaging;
using GitOps.Buckets.Internal;
using GitOps.Diagnostics;
using GitOps.SourceIgnore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitOps.Buckets;

/// <summary>
/// Flux's Bucket source (the <c>generic</c> S3 provider) over an S3-compatible endpoint: lists the objects
/// under a prefix, drops those the bucket's <c>.sourceignore</c> and <see cref="BucketOptions.Ignore"/>
/// exclude, downloads the rest in parallel (at most <see cref="BucketOptions.MaxConcurrency"/> at a time)
/// and packs them with <see cref="ArtifactPackager"/> into a reproducible artifact whose revision is
/// Flux's (<see cref="BucketIndex"/>).
/// </summary>
/// <remarks>
/// <para>As Flux: <c>.sourceignore</c> is read from the bucket's root whatever the prefix, and is packed
/// too; keys ending in <c>/</c> (folder markers) are skipped; keys keep their prefix in the artifact; an
/// object that disappears between listing and download is dropped from the index, and an object that
/// changed is recorded with the ETag its download returned.</para>
/// <para>Nothing is half-written: objects go to a staging folder beside the output file, which is deleted
/// whatever happens; the artifact is written under a temporary name and renamed into place.</para>
/// </remarks>
public sealed class BucketSource : IDisposable
{
    private const int BufferSize = 81920;

    private readonly BucketOptions _options;
    private readonly ArtifactPackager _packager;
    private readonly ILogger _logger;
    private readonly AmazonS3Client _client;

    /// <summary>Creates a source for the endpoint and credentials in <paramref name="options"/>.</summary>
    /// <param name="options">The endpoint, credentials and limits (validated here).</param>
    /// <param name="packager">The packager (default: a new one on the system clock).</param>
    /// <param name="logger">Where to log (default: nowhere).</param>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public BucketSource(BucketOptions options, ArtifactPackager? packager = null, ILogger<BucketSource>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _packager = packager ?? new ArtifactPackager();
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _client = S3ClientFactory.Create(options);
    }

    /// <summary>The options this source was made with.</summary>
    public BucketOptions Options => _options;

    /// <summary>
    /// Lists <paramref name="bucketName"/> under <paramref name="prefix"/> with the ignore rules applied and
    /// returns the index (ETags as listed) and its revision, downloading nothing but <c>.sourceignore</c>.
    /// </summary>
    /// <exception cref="BucketException">A typed failure: credentials, missing bucket, timeout, transport, limits.</exception>
    public async Task<BucketIndex> ListAsync(string bucketName, string? prefix = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(bucketName);
        var listing = await ListCoreAsync(bucketName, prefix ?? string.Empty, cancellationToken).ConfigureAwait(false);
        return BucketIndex.Create(listing.Objects);
    }

    /// <summary>
    /// Downloads <paramref name="bucketName"/> under <paramref name="prefix"/> (ignore rules applied) and packs
    /// it into <paramref name="outputFile"/>, replaced only on success.
    /// </summary>
    /// <exception cref="BucketException">A typed failure: credentials, missing bucket, timeout, transport, limits, unusable keys.</exception>
    public async Task<BucketArtifact> PackAsync(string bucketName, string? prefix, string outputFile, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(bucketName);
        ArgumentException.ThrowIfNullOrEmpty(outputFile);
        prefix ??= string.Empty;
        using var activity = GitOpsDiagnostics.ActivitySource.StartActivity(GitOpsActivities.BucketPack);
        activity?.SetTag("gitops.bucket", bucketName);
        var output = Path.GetFullPath(outputFile);
        var parent = Path.GetDirectoryName(output)!;
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".{Path.GetFileName(output)}.bucket-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            var listing = await ListCoreAsync(bucketName, prefix, cancellationToken, staging).ConfigureAwait(false);
            var (index, downloaded) = await DownloadAsync(bucketName, listing, staging, cancellationToken).ConfigureAwait(false);
            var packOptions = new PackOptions
            {
                // The keys were filtered when listed; pack exactly what was downloaded, as Flux does.
                UseSourceIgnoreFiles = false,
                ApplyBuiltInExclusions = false,
                Revision = index.Revision,
            };
            var artifact = await _packager.PackAsync(staging, output, packOptions, cancellationToken).ConfigureAwait(false);
            Log.Packed(_logger, bucketName, prefix, index.Objects.Count, downloaded, index.Digest, artifact.Digest);
            return new BucketArtifact { Artifact = artifact, Index = index, DownloadedBytes = downloaded };
        }
        finally
        {
            TryDelete(staging);
        }
    }

    /// <summary>Releases the S3 client.</summary>
    public void Dispose() => _client.Dispose();

    private async Task<Listing> ListCoreAsync(string bucketName, string prefix, CancellationToken cancellationToken, string? staging = null)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            var (rules, ignoreBytes) = await ReadIgnoreFileAsync(bucketName, staging, timeout.Token).ConfigureAwait(false);
            var hasIgnoreFile = ignoreBytes is not null;
            var filter = KeyFilter.Create(rules, _options.Ignore, _options.ApplyDefaultExclusions);
            var objects = new List<BucketObject>();
            var total = ignoreBytes ?? 0;
            var request = new ListObjectsV2Request { BucketName = bucketName, Prefix = prefix };
            do
            {
                var page = await _client.ListObjectsV2Async(request, timeout.Token).ConfigureAwait(false);
                foreach (var entry in page.S3Objects ?? [])
                {
                    if (entry.Key.EndsWith('/') || entry.Key == SourceIgnoreRules.FileName || filter.IsIgnored(entry.Key))
                    {
                        continue;
                    }

                    var size = entry.Size ?? 0;
                    if (objects.Count == _options.MaxObjects)
                    {
                        throw new BucketTooLargeException(bucketName, BucketLimit.Objects, _options.MaxObjects);
                    }

                    if (size > _options.MaxObjectBytes)
                    {
                        throw new BucketTooLargeException(bucketName, BucketLimit.ObjectBytes, _options.MaxObjectBytes, entry.Key);
                    }

                    total += size;
                    if (total > _options.MaxTotalBytes)
                    {
                        throw new BucketTooLargeException(bucketName, BucketLimit.TotalBytes, _options.MaxTotalBytes, entry.Key);
                    }

                    objects.Add(new BucketObject(entry.Key, TrimETag(entry.ETag), size));
                }

                request.ContinuationToken = page.IsTruncated == true ? page.NextContinuationToken : null;
            }
            while (request.ContinuationToken is not null);

            ObjectKeys.Validate(bucketName, hasIgnoreFile ? objects.Select(o => o.Key).Append(SourceIgnoreRules.FileName) : objects.Select(o => o.Key));
            var listing = new Listing(objects, ignoreBytes ?? 0);
            Log.Listed(_logger, bucketName, prefix, _options.Endpoint!, objects.Count, total);

            return listing;
        }
        catch (Exception ex) when (S3Errors.Translate(ex, bucketName, "listing", _options.Timeout, cancellationToken) is { } typed && !ReferenceEquals(typed, ex))
        {
            throw typed;
        }
    }

    /// <summary>
    /// Reads the root <c>.sourceignore</c> (capped), writing it into <paramref name="staging"/> when given;
    /// its size, or null when the bucket has none.
    /// </summary>
    private async Task<(IReadOnlyList<IgnorePattern> Rules, long? Bytes)> ReadIgnoreFileAsync(string bucketName, string? staging, CancellationToken cancellationToken)
    {
        GetObjectResponse response;
        try
        {
            response = await _client.GetObjectAsync(new GetObjectRequest { BucketName = bucketName, Key = SourceIgnoreRules.FileName }, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception ex) when (S3Errors.IsNoSuchKey(ex))
        {
            return ([], null);
        }

        using (response)
        {
            using var content = new MemoryStream();
            await CopyCappedAsync(bucketName, SourceIgnoreRules.FileName, response.ResponseStream, content, null, null, cancellationToken).ConfigureAwait(false);
            if (staging is not null)
            {
                await File.WriteAllBytesAsync(Path.Combine(staging, SourceIgnoreRules.FileName), content.ToArray(), cancellationToken).ConfigureAwait(false);
            }

            content.Position = 0;
            using var reader = new StreamReader(content);
            return (SourceIgnoreRules.ReadPatterns(reader), content.Length);
        }
    }

    private async Task<(BucketIndex Index, long Bytes)> DownloadAsync(string bucketName, Listing listing, string staging, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        var fetched = new ConcurrentBag<BucketObject>();
        var total = new ByteCounter(listing.IgnoreFileBytes);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrency, CancellationToken = timeout.Token };
        try
        {
            await Parallel.ForEachAsync(listing.Objects, parallel, async (entry, token) =>
            {
                if (await DownloadObjectAsync(bucketName, entry, staging, total, token).ConfigureAwait(false) is { } result)
                {
                    fetched.Add(result);
                }
            }).ConfigureAwait(false);
        }
        catch (Exception ex) when (S3Errors.Translate(ex, bucketName, "downloading", _options.Timeout, cancellationToken) is { } typed && !ReferenceEquals(typed, ex))
        {
            throw typed;
        }

        return (BucketIndex.Create(fetched), total.Bytes);
    }

    /// <summary>Downloads one object to its path under <paramref name="staging"/>; null when it has disappeared.</summary>
    private async Task<BucketObject?> DownloadObjectAsync(string bucketName, BucketObject entry, string staging, ByteCounter total, CancellationToken cancellationToken)
    {
        GetObjectResponse response;
        try
        {
            response = await _client.GetObjectAsync(new GetObjectRequest { BucketName = bucketName, Key = entry.Key }, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception ex) when (S3Errors.IsNoSuchKey(ex))
        {
            Log.ObjectVanished(_logger, entry.Key, bucketName);
            return null;
        }

        using (response)
        {
            var path = Path.Combine(staging, entry.Key);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long size;
            await using (file.ConfigureAwait(false))
            {
                size = await CopyCappedAsync(bucketName, entry.Key, response.ResponseStream, file, total, hash, cancellationToken).ConfigureAwait(false);
            }

            return new BucketObject(entry.Key, TrimETag(response.ETag), size) { Digest = Artifacts.Digest.FromHash(DigestAlgorithm.Sha256, hash.GetHashAndReset()) };
        }
    }

    /// <summary>
    /// Copies one object, enforcing the per-object cap and (with <paramref name="total"/>) the total cap while
    /// reading, failing a body that stalls (<see cref="BucketOptions.InactivityTimeout"/>), and hashing what it
    /// copies into <paramref name="hash"/> when given.
    /// </summary>
    private async Task<long> CopyCappedAsync(string bucketName, string key, Stream body, Stream destination, ByteCounter? total, IncrementalHash? hash, CancellationToken cancellationToken)
    {
        // The inactivity timeout and minimum rate are Core's one check of every download; the response owns the body.
        using var source = new Artifacts.Fetch.Internal.InactivityTimeoutStream(
            body, _options.InactivityTimeout, _options.MinimumBytesPerSecond, TimeProvider.System,
            (detail, _) => BucketTimeoutException.Stalled(bucketName, key, detail, _options.InactivityTimeout), leaveOpen: true);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            long copied = 0;
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                copied += read;
                if (copied > _options.MaxObjectBytes)
                {
                    throw new BucketTooLargeException(bucketName, BucketLimit.ObjectBytes, _options.MaxObjectBytes, key);
                }

                if (total is not null && total.Add(read) > _options.MaxTotalBytes)
                {
                    throw new BucketTooLargeException(bucketName, BucketLimit.TotalBytes, _options.MaxTotalBytes, key);
                }

                hash?.AppendData(buffer, 0, read);
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }

            return copied;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Removes one pair of surrounding quotes, as minio-go's <c>trimEtag</c> does.</summary>
    private static string TrimETag(string? etag)
    {
        var value = etag ?? string.Empty;
        if (value.StartsWith('"'))
        {
            value = value[1..];
        }

        return value.EndsWith('"') ? value[..^1] : value;
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private sealed record Listing(IReadOnlyList<BucketObject> Objects, long IgnoreFileBytes);

    /// <summary>The bytes downloaded so far, shared by the parallel downloads.</summary>
    private sealed class ByteCounter(long initial)
    {
        private long _bytes = initial;

        public long Bytes => Interlocked.Read(ref _bytes);

        public long Add(long count) => Interlocked.Add(ref _bytes, count);
    }
}
