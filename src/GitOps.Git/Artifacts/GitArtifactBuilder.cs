using GitOps.Artifacts;
using GitOps.Artifacts.Packaging;
using GitOps.Git.Artifacts.Internal;
using GitOps.Git.Auth;
using GitOps.Git.Checkout;
using GitOps.Git.Internal;

namespace GitOps.Git.Artifacts;

/// <summary>
/// Turns a Git commit into an artifact, as source-controller does for a GitRepository: Core's reproducible
/// <see cref="ArtifactPackager"/> (<c>.sourceignore</c> files, Flux's default exclusions, <c>.git/</c> never packed)
/// and the revision. With a <see cref="GitClient"/> the commit is fetched without a work tree and packed straight
/// from its tree (a checkout only when the tree or the options need one: submodules, sparse directories,
/// <c>.gitattributes</c>); any other reader's clone is packed from its checkout. The same tree gives the same digest
/// whatever transport, backend or path.
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
    /// Fetches <paramref name="url"/> and packs the commit's tree into <paramref name="outputFile"/> (written under a
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
            var fetch = (_reader as GitClient)?.FetchObjectsAsync(url, checkout, options, auth, cancellationToken);
            var commit = await (fetch ?? _reader.CloneAsync(url, checkout, options, auth, cancellationToken)).ConfigureAwait(false);
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
            var artifact = fetch is null
                ? await _packager.PackAsync(checkout, outputFile, pack, cancellationToken).ConfigureAwait(false)
                : await PackFetchedAsync((GitClient)_reader, checkout, commit.Hash, outputFile, pack, cancellationToken).ConfigureAwait(false);
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

    // Packs the commit's tree straight from the object database (no work tree written and read back); when the tree
    // holds something only a checkout renders faithfully, checks it out and packs that instead. Same bytes either way.
    private async Task<Artifact> PackFetchedAsync(GitClient client, string repository, string hash, string outputFile, PackOptions pack, CancellationToken cancellationToken)
    {
        try
        {
            using var source = await GitTreePackSource.OpenAsync(client.Options, repository, hash, cancellationToken).ConfigureAwait(false);
            return await _packager.PackTreeAsync(source, outputFile, pack, cancellationToken).ConfigureAwait(false);
        }
        catch (CheckoutRequiredException)
        {
            await client.CheckoutFetchedAsync(repository, hash, cancellationToken).ConfigureAwait(false);
            return await _packager.PackAsync(repository, outputFile, pack, cancellationToken).ConfigureAwait(false);
        }
    }
}

/// <summary>The commit checked out and the artifact made from it.</summary>
/// <param name="Commit">The commit (not concrete when the clone was skipped).</param>
/// <param name="Artifact">The artifact, with the commit's revision; null when the clone was skipped.</param>
public sealed record GitArtifactResult(GitCommit Commit, Artifact? Artifact);
