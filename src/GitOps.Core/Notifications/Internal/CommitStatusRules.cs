using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace GitOps.Notifications.Internal;

/// <summary>
/// The rules notification-controller's commit-status notifiers share (internal/notifier/util.go): the repository
/// address read as git-urls reads it, the commit hash taken from a Flux revision, the description from the
/// event reason, the status name from the Provider UID, and the skip of <c>Progressing</c> events.
/// </summary>
internal static partial class CommitStatusRules
{
    public const string RevisionKey = "revision";
    public const string ProgressingReason = "Progressing";

    /// <summary>The API host (<c>scheme://host[:port]</c>, ssh read as https) and the repository id (path without leading slash and <c>.git</c>).</summary>
    public static (Uri Host, string Id) ParseAddress(string address)
    {
        string scheme, authority, path;
        if (address.Contains("://", StringComparison.Ordinal))
        {
            if (!Uri.TryCreate(address, UriKind.Absolute, out var uri))
            {
                throw new ArgumentException($"failed parsing URL \"{address}\"", nameof(address));
            }

            scheme = uri.Scheme is "ssh" or "git+ssh" or "ssh+git" ? Uri.UriSchemeHttps : uri.Scheme;
            authority = uri.IsDefaultPort || scheme != uri.Scheme ? uri.Host : uri.Host + ":" + uri.Port.ToString(CultureInfo.InvariantCulture);
            path = Uri.UnescapeDataString(uri.AbsolutePath);
        }
        else if (ScpLike().Match(address) is { Success: true } scp)
        {
            scheme = Uri.UriSchemeHttps;
            authority = scp.Groups["host"].Value;
            path = scp.Groups["path"].Value;
        }
        else
        {
            throw new ArgumentException($"failed parsing URL \"{address}\"", nameof(address));
        }

        if (scheme != Uri.UriSchemeHttp && scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException($"unsupported scheme '{scheme}' in \"{address}\": the API is reached over http or https", nameof(address));
        }

        var id = path.TrimStart('/');
        if (id.EndsWith(".git", StringComparison.Ordinal))
        {
            id = id[..^4];
        }

        return (new Uri($"{scheme}://{authority}/"), id);
    }

    /// <summary>fluxcd/pkg/git's ExtractHashFromRevision: after the last <c>:</c>, else after the last <c>/</c>, else the whole string; a sha1 or sha256 hex digest is required.</summary>
    public static string CommitHash(string revision)
    {
        var colon = revision.LastIndexOf(':');
        var slash = revision.LastIndexOf('/');
        var hash = colon >= 0 ? revision[(colon + 1)..] : slash >= 0 ? revision[(slash + 1)..] : revision;
        if (hash.Length is not (40 or 64) || !hash.All(char.IsAsciiHexDigit))
        {
            throw new NotificationException($"failed to extract commit hash from '{revision}' revision", isTransient: false);
        }

        return hash;
    }

    /// <summary>The event's revision metadata, or the error Flux gives without it.</summary>
    public static string Revision(FluxEvent notification) =>
        notification.Metadata is { } metadata && metadata.TryGetValue(RevisionKey, out var revision)
            ? revision
            : throw new NotificationException("missing revision metadata", isTransient: false);

    /// <summary>The status name: <c>kind/name/&lt;first segment of the Provider UID&gt;</c>, lower case.</summary>
    public static string StatusName(string providerUid, FluxEvent notification) =>
        $"{notification.InvolvedObject.Kind}/{notification.InvolvedObject.Name}/{providerUid.Split('-')[0]}".ToLowerInvariant();

    /// <summary>The description: the reason split at its camel-case boundaries, joined with spaces, lower case (<c>ReconciliationSucceeded</c> gives <c>reconciliation succeeded</c>).</summary>
    public static string Description(string reason) => string.Join(' ', SplitCamelCase(reason)).ToLowerInvariant();

    /// <summary>Runs of lower case, upper case, digits and other characters, with the last capital of an upper-case run moved onto a following lower-case run (<c>PDFLoader</c> gives <c>PDF</c>, <c>Loader</c>).</summary>
    public static IReadOnlyList<string> SplitCamelCase(string text)
    {
        var runs = new List<List<string>>();
        var last = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var category = Rune.IsLower(rune) ? 1 : Rune.IsUpper(rune) ? 2 : Rune.IsDigit(rune) ? 3 : 4;
            if (category == last && runs.Count > 0)
            {
                runs[^1].Add(rune.ToString());
            }
            else
            {
                runs.Add([rune.ToString()]);
            }

            last = category;
        }

        for (var i = 0; i < runs.Count - 1; i++)
        {
            if (runs[i].Count > 0 && Rune.IsUpper(Rune.GetRuneAt(runs[i][0], 0)) && Rune.IsLower(Rune.GetRuneAt(runs[i + 1][0], 0)))
            {
                runs[i + 1].Insert(0, runs[i][^1]);
                runs[i].RemoveAt(runs[i].Count - 1);
            }
        }

        return [.. runs.Where(r => r.Count > 0).Select(r => string.Concat(r))];
    }

    /// <summary>Sends one API request and reads the answer up to <paramref name="maxBytes"/>; a non-2xx answer is an error with its status and body.</summary>
    public static async Task<byte[]> SendAsync(HttpClient client, HttpRequestMessage request, int maxBytes, string what, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new NotificationException($"{what}: {request.Method} {NotificationAddress.Mask(request.RequestUri!)}: {ex.Message}", isTransient: true, innerException: ex);
        }

        using (response)
        {
            using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var buffer = new MemoryStream();
            var chunk = new byte[8192];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    throw new NotificationException($"{what}: the answer is larger than {maxBytes} bytes", isTransient: false, response.StatusCode);
                }

                buffer.Write(chunk, 0, read);
            }

            var code = (int)response.StatusCode;
            if (code is < 200 or >= 300)
            {
                var body = Encoding.UTF8.GetString(buffer.ToArray()).Trim();
                throw new NotificationException(
                    $"{what}: {request.Method} {NotificationAddress.Mask(request.RequestUri!)}: {code} {body}",
                    isTransient: code is 429 or >= 500,
                    response.StatusCode);
            }

            return buffer.ToArray();
        }
    }

    /// <summary>A deadline from the transport's <see cref="NotificationTransportOptions.Timeout"/> joined to the caller's token.</summary>
    public static CancellationTokenSource Deadline(NotificationTransportOptions transport, CancellationToken cancellationToken)
    {
        var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        linked.CancelAfter(transport.Timeout);
        return linked;
    }

    /// <summary>A timeout of the whole exchange as Flux reports a context deadline.</summary>
    public static NotificationException TimedOut(string what, Exception inner) =>
        new($"{what}: context deadline exceeded", isTransient: true, statusCode: (HttpStatusCode?)null, innerException: inner);

    [GeneratedRegex(@"^(?:[^@/]+@)?(?<host>[^:/]+):(?<path>.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex ScpLike();
}
