using System.Text;
using GitOps.Helm.Index.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitOps.Helm.Index;

/// <summary>
/// Loads a Helm repository index (<c>index.yaml</c>, or its JSON form) from a stream with Helm's exact
/// acceptance rules, parsing as it reads (no document tree) into a compact model, and refusing documents
/// over <see cref="HelmIndexOptions.MaxIndexBytes"/> as soon as the limit is passed.
/// </summary>
public sealed partial class HelmIndexLoader
{
    private readonly HelmIndexOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates a loader.</summary>
    /// <param name="options">Limits and the chart filter; null for the defaults.</param>
    /// <param name="logger">Where to log skipped entries; null for none.</param>
    public HelmIndexLoader(HelmIndexOptions? options = null, ILogger<HelmIndexLoader>? logger = null)
    {
        _options = options ?? new HelmIndexOptions();
        _options.Validate();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>The options this loader uses.</summary>
    public HelmIndexOptions Options => _options;

    /// <summary>Loads an index from <paramref name="stream"/> (read to its end, not disposed) on a worker thread.</summary>
    /// <exception cref="HelmIndexException">The document is refused, or larger than the limit.</exception>
    public Task<HelmIndex> LoadAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return Task.Run(() => Load(stream, cancellationToken), cancellationToken);
    }

    /// <summary>Loads an index file.</summary>
    /// <exception cref="HelmIndexException">The document is refused, or larger than the limit.</exception>
    public async Task<HelmIndex> LoadFileAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        await using (file.ConfigureAwait(false))
        {
            return await LoadAsync(file, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Loads an index from <paramref name="stream"/> on the calling thread.</summary>
    /// <exception cref="HelmIndexException">The document is refused, or larger than the limit.</exception>
    public HelmIndex Load(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var activity = Diagnostics.GitOpsDiagnostics.ActivitySource.StartActivity(GitOps.Diagnostics.GitOpsActivities.HelmLoadIndex);
        var start = stream.CanSeek ? stream.Position : 0;
        using var capped = new CappedHashingStream(stream, _options.MaxIndexBytes, cancellationToken);
        var first = FirstSignificantByte(capped, out var prefix);
        if (prefix.Length == 0)
        {
            throw new HelmIndexException(HelmIndexErrorKind.Invalid, "empty index.yaml file");
        }

        HelmIndex index;
        if (first == (byte)'{')
        {
            index = LoadJsonOrYaml(stream, start, capped, prefix, cancellationToken);
        }
        else
        {
            index = LoadYamlFast(stream, start, capped, prefix);
        }

        activity?.SetTag("gitops.helm.index.bytes", index.SizeBytes);
        if (index.SkippedEntryCount > 0)
        {
            LogSkipped(_logger, index.SkippedEntryCount);
        }

        return index;
    }

    /// <summary>Helm decodes a document that is valid JSON as JSON and anything else as YAML; a JSON-looking document is tried as JSON first.</summary>
    private HelmIndex LoadJsonOrYaml(Stream original, long start, CappedHashingStream capped, byte[] prefix, CancellationToken cancellationToken)
    {
        if (original.CanSeek)
        {
            try
            {
                return LoadJson(new PrefixedStream(prefix, capped), capped);
            }
            catch (JsonSyntaxException)
            {
                original.Position = start;
                capped.Restart();
                return LoadYamlFast(original, start, capped, prefix: null);
            }
        }

        // Not rewindable: spool to a temporary file (within the cap) so the YAML retry can re-read it.
        var spool = new FileStream(Path.GetTempFileName(), FileMode.Open, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
        using (spool)
        {
            spool.Write(prefix);
            capped.CopyTo(spool);
            spool.Position = 0;
            return Load(spool, cancellationToken);
        }
    }

    private HelmIndex LoadJson(Stream source, CappedHashingStream capped)
    {
        using var reader = new JsonIndexReader(source);
        var decoder = new IndexDecoder(reader, _options.ChartNames);
        try
        {
            decoder.Decode();
        }
        catch (HelmIndexException ex) when (ex.Kind == HelmIndexErrorKind.Invalid)
        {
            // Helm only takes the JSON path for valid JSON: make sure the rest parses before refusing as JSON.
            while (reader.Read().Kind != TokenKind.EndOfDocument)
            {
            }

            throw;
        }

        capped.Drain();
        return Finish(decoder, capped);
    }

    /// <summary>
    /// Reads YAML with the fast line scanner when the stream can be rewound, and with the full YAML parser
    /// when it cannot or when the scanner meets YAML it does not handle (it then gives up, and the document is
    /// read again from the start).
    /// </summary>
    private HelmIndex LoadYamlFast(Stream original, long start, CappedHashingStream capped, byte[]? prefix)
    {
        Stream source = prefix is null ? capped : new PrefixedStream(prefix, capped);
        if (!original.CanSeek)
        {
            return LoadYaml(source, capped);
        }

        try
        {
            var text = new StreamReader(source, new UTF8Encoding(false, false), detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024, leaveOpen: true);
            using (text)
            {
                var decoder = new IndexDecoder(new FastYamlIndexReader(text), _options.ChartNames);
                decoder.Decode();
                capped.Drain();
                return Finish(decoder, capped);
            }
        }
        catch (UnsupportedYamlException)
        {
            original.Position = start;
            capped.Restart();
            return LoadYaml(capped, capped);
        }
    }

    private HelmIndex LoadYaml(Stream source, CappedHashingStream capped)
    {
        var text = new StreamReader(source, new UTF8Encoding(false, false), detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024, leaveOpen: true);
        using (text)
        {
            var reader = new YamlIndexReader(text, _options.MaxAliasEvents, _options.MaxAnchoredEvents);
            var decoder = new IndexDecoder(reader, _options.ChartNames);
            decoder.Decode();
            capped.Drain();
            return Finish(decoder, capped);
        }
    }

    private static HelmIndex Finish(IndexDecoder decoder, CappedHashingStream capped)
    {
        if (decoder.ApiVersion.Length == 0)
        {
            throw new HelmIndexException(HelmIndexErrorKind.Invalid, "no API version specified");
        }

        return new HelmIndex(decoder.ApiVersion, decoder.Generated, decoder.Charts, decoder.Skipped, capped.Digest(), capped.BytesRead);
    }

    /// <summary>Reads until the first byte that is not JSON whitespace; returns it (or -1) and everything read so far.</summary>
    private static int FirstSignificantByte(Stream stream, out byte[] prefix)
    {
        var buffer = new byte[4096];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }

            var n = stream.Read(buffer, length, buffer.Length - length);
            if (n == 0)
            {
                prefix = buffer[..length];
                return -1;
            }

            for (var i = length; i < length + n; i++)
            {
                if (buffer[i] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
                {
                    prefix = buffer[..(length + n)];
                    return buffer[i];
                }
            }

            length += n;
        }
    }

    [LoggerMessage(EventId = GitOps.Diagnostics.GitOpsLogEvents.HelmIndexEntriesSkipped, Level = LogLevel.Warning, Message = "Skipped {Count} invalid index entries, as Helm does")]
    private static partial void LogSkipped(ILogger logger, int count);
}
