namespace GitOps.Buckets.Internal;

/// <summary>Checks that object keys can be files under the artifact's root, and nothing outside it.</summary>
internal static class ObjectKeys
{
    /// <summary>
    /// Throws <see cref="BucketObjectKeyException"/> for the first key that has an empty, <c>.</c> or
    /// <c>..</c> segment or a NUL, or that is both a file and the folder of another key.
    /// </summary>
    public static void Validate(string bucketName, IEnumerable<string> keys)
    {
        var files = new HashSet<string>(StringComparer.Ordinal);
        var folders = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            if (key.Contains('\0', StringComparison.Ordinal))
            {
                throw new BucketObjectKeyException(bucketName, key, "it contains a NUL character");
            }

            var segments = key.Split('/');
            foreach (var segment in segments)
            {
                if (segment.Length == 0 || segment == "." || segment == "..")
                {
                    throw new BucketObjectKeyException(bucketName, key, $"it has a '{segment}' path segment");
                }
            }

            if (Path.DirectorySeparatorChar != '/' && key.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new BucketObjectKeyException(bucketName, key, $"it contains '{Path.DirectorySeparatorChar}'");
            }

            if (folders.Contains(key))
            {
                throw new BucketObjectKeyException(bucketName, key, "another key uses it as a folder");
            }

            files.Add(key);
            for (var slash = key.IndexOf('/', StringComparison.Ordinal); slash > 0; slash = key.IndexOf('/', slash + 1))
            {
                var folder = key[..slash];
                if (files.Contains(folder))
                {
                    throw new BucketObjectKeyException(bucketName, folder, $"it is also the folder of '{key}'");
                }

                folders.Add(folder);
            }
        }
    }
}
