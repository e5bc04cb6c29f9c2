namespace GitOps.Testing.Http;

/// <summary>
/// One way for <see cref="LoopbackHttpServer"/> to misbehave on one request. Made with the static methods;
/// <see cref="None"/> serves the body normally.
/// </summary>
public sealed record HttpFault
{
    private HttpFault(HttpFaultKind kind)
    {
        Kind = kind;
    }

    /// <summary>What the fault does.</summary>
    public HttpFaultKind Kind { get; }

    /// <summary>The status code for <see cref="HttpFaultKind.Status"/>.</summary>
    public int StatusCode { get; private init; }

    /// <summary>The <c>Retry-After</c> header (in seconds) sent with <see cref="HttpFaultKind.Status"/>, if any.</summary>
    public int? RetryAfterSeconds { get; private init; }

    /// <summary>How many body bytes are sent before the fault strikes (reset, truncation).</summary>
    public long AfterBytes { get; private init; }

    /// <summary>The Content-Length announced by <see cref="HttpFaultKind.WrongContentLength"/>.</summary>
    public long DeclaredLength { get; private init; }

    /// <summary>The chunk size of <see cref="HttpFaultKind.SlowBody"/>.</summary>
    public int ChunkBytes { get; private init; }

    /// <summary>The pause between chunks of <see cref="HttpFaultKind.SlowBody"/>.</summary>
    public TimeSpan ChunkDelay { get; private init; }

    /// <summary>Serve the body normally.</summary>
    public static HttpFault None { get; } = new(HttpFaultKind.None);

    /// <summary>Answer with <paramref name="statusCode"/> and no body (optionally with <c>Retry-After</c>).</summary>
    public static HttpFault Status(int statusCode, int? retryAfterSeconds = null) =>
        new(HttpFaultKind.Status) { StatusCode = statusCode, RetryAfterSeconds = retryAfterSeconds };

    /// <summary>Announce the full Content-Length, send <paramref name="afterBytes"/> bytes, then abort the connection.</summary>
    public static HttpFault ResetMidBody(long afterBytes) => new(HttpFaultKind.ResetMidBody) { AfterBytes = afterBytes };

    /// <summary>Send only the first <paramref name="afterBytes"/> bytes, chunked (no Content-Length), and end the response cleanly.</summary>
    public static HttpFault TruncatedBody(long afterBytes) => new(HttpFaultKind.TruncatedBody) { AfterBytes = afterBytes };

    /// <summary>
    /// Announce <paramref name="declaredLength"/> as Content-Length and send as much of the body as it allows
    /// (the server aborts the connection when the body is shorter than announced).
    /// </summary>
    public static HttpFault WrongContentLength(long declaredLength) => new(HttpFaultKind.WrongContentLength) { DeclaredLength = declaredLength };

    /// <summary>Send the body in <paramref name="chunkBytes"/>-byte chunks with <paramref name="delay"/> between them.</summary>
    public static HttpFault SlowBody(int chunkBytes, TimeSpan delay) => new(HttpFaultKind.SlowBody) { ChunkBytes = chunkBytes, ChunkDelay = delay };

    /// <summary>Send the body with the byte at <paramref name="offset"/> flipped (same length, wrong bytes).</summary>
    public static HttpFault WrongBytes(long offset = 0) => new(HttpFaultKind.WrongBytes) { AfterBytes = offset };
}

/// <summary>The kinds of <see cref="HttpFault"/>.</summary>
public enum HttpFaultKind
{
    /// <summary>No fault.</summary>
    None,

    /// <summary>An error status.</summary>
    Status,

    /// <summary>The connection is aborted part-way through the body.</summary>
    ResetMidBody,

    /// <summary>The body ends early, cleanly.</summary>
    TruncatedBody,

    /// <summary>The Content-Length does not match the body.</summary>
    WrongContentLength,

    /// <summary>The body trickles.</summary>
    SlowBody,

    /// <summary>The body has one byte changed.</summary>
    WrongBytes,
}
