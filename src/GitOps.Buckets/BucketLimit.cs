namespace GitOps.Buckets;

/// <summary>Which limit a bucket went over (<see cref="BucketTooLargeException.Limit"/>).</summary>
public enum BucketLimit
{
    /// <summary><see cref="BucketOptions.MaxObjects"/>: the number of objects after the ignore rules.</summary>
    Objects,

    /// <summary><see cref="BucketOptions.MaxObjectBytes"/>: the size of one object.</summary>
    ObjectBytes,

    /// <summary><see cref="BucketOptions.MaxTotalBytes"/>: the bytes of all objects.</summary>
    TotalBytes,
}
