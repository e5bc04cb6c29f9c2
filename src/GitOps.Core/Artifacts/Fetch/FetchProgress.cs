namespace GitOps.Artifacts.Fetch;

/// <summary>How far a download has got (<see cref="ArtifactFetchOptions.Progress"/>).</summary>
/// <param name="BytesReceived">Bytes received so far in this attempt (compressed, as served).</param>
/// <param name="TotalBytes">The size the server announced (Content-Length), if it did.</param>
/// <param name="Attempt">The attempt these bytes belong to: 1, then 2… after retries.</param>
public readonly record struct FetchProgress(long BytesReceived, long? TotalBytes, int Attempt);
