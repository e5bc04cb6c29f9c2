using GitOps.Artifacts;
using GitOps.Artifacts.Packaging;
using GitOps.Git.Auth;
using GitOps.Git.Checkout;
using GitOps.Git.Internal;

namespace GitOps.Git.Artifacts;

/// <summary>
/// Turns a Git checkout into an artifact, as source-controller does for a GitRepository: clone (shallow by
/// default) into a private folder, pack it with Core's reproducible <see cref="ArtifactPackager"/>
/// (<c>.sourceignore</c> files, Flux's default exclusions, <c>.git/</c> never packed) and record the revision.
/// The same tree gives the same digest whatever transport or backend fetched it.
/// </summary>
public sealed class GitArtifactBuilder
{
    private readonly IGitReader _reader;
    private readonly ArtifactPackager _packager;
    private readonly GitClientOptions _options;

    /// <summary>Creates the builder.</summary>
    /// <param name="reader">The client that clones (default a <see cref="GitClient"/>).</param>
    /// <param name="packager">The packager (default a new one).</param>
    /// <param name="options">For the temporary folder (default the system temp folder).</param>
    public GitArtifactBuilder(IGitReader? reader = null, ArtifactPackager? packager = null, GitClientOptions? options = null)
    {
        _options = options ?? new GitClientOptions();
        _reader = reader ?? new GitClient(_options);
        _packager = packager ?? new ArtifactPackager();
    }

    /// <summary>
    /// Clones <paramref name="url"/> and packs the checkout into <paramref name="outputFile"/> (written under a
    /// temporary name and renamed into place). When the remote is still at
    /// <see cref="CloneOptions.LastObservedRevision"/>, nothing is cloned or written and
    /// <see cref="GitArtifactResult.Artifact"/> is null.
    /// </summary>
    /// <exception cref="GitException">The clone failed.</exception>
    public async Task<GitArtifactResult> BuildAsync(string url, CloneOptions options, string outputFile, GitAuth? auth = null, PackOptions? packOptions = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(outputFile);
        var work = Path.Combine(_options.TemporaryDirectory ?? Path.GetTempPath(), "gitops-checkout-" + Guid.NewGuid().ToString("N"));
        try
        {
            var checkout = Path.Combine(work, "src");
            var commit = await _reader.CloneAsync(url, checkout, options, auth, cancellationToken).ConfigureAwait(false);
            if (!commit.IsConcrete)
            {
                return new GitArtifactResult(commit, null);
            }

            var pack = new PackOptions
            {
                UseSourceIgnoreFiles = packOptions?.UseSourceIgnoreFiles ?? true,
                Ignore = packOptions?.Ignore,
                Metadata = packOptions?.Metadata,
                Revision = commit.Revision,
            };
            var artifact = await _packager.PackAsync(checkout, outputFile, pack, cancellationToken).ConfigureAwait(false);
            return new GitArtifactResult(commit, artifact);
        }
        finally
        {
            if (Directory.Exists(work))
            {
                StagedDirectory.DeleteTree(work);
            }
        }
    }
}

/// <summary>The commit checked out and the artifact made from it.</summary>
/// <param name="Commit">The commit (not concrete when the clone was skipped).</param>
/// <param name="Artifact">The artifact, with the commit's revision; null when the clone was skipped.</param>
public sealed record GitArtifactResult(GitCommit Commit, Artifact? Artifact);
