using System.Buffers;
using GitOps.Artifacts;

namespace GitOps.Oci.Registry.Internal;

/// <summary>Reads small response bodies (manifests, tag lists, tokens) into memory under a size cap.</summary>
internal static class HttpBodies
{
    /// <summary>The body, at most <paramref name="maxBytes"/>, read under the client's inactivity timeout and minimum rate.</summary>
    public static async Task<byte[]> ReadCappedAsync(HttpResponseMessage response, int maxBytes, string what, OciClientOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength is { } length && length > maxBytes)
        {
            throw new ArtifactTooLargeException(ArtifactLimit.DownloadBytes, maxBytes, what);
        }

        var source = response.RequestMessage?.RequestUri is { } url ? $"{what} from {url.GetLeftPart(UriPartial.Path)}" : what;
        var stream = options.Watch(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), source, time);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new ArrayBufferWriter<byte>(4096);
            while (true)
            {
                var memory = buffer.GetMemory(16 * 1024);
                var read = await stream.ReadAsync(memory, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return buffer.WrittenSpan.ToArray();
                }

                buffer.Advance(read);
                if (buffer.WrittenCount > maxBytes)
                {
                    throw new ArtifactTooLargeException(ArtifactLimit.DownloadBytes, maxBytes, what);
                }
            }
        }
    }
}
