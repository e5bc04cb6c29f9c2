using System.Diagnostics;
using GitOps.Diagnostics;
using GitOps.Kustomize.Internal;
using GitOps.Yaml;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitOps.Kustomize;

/// <summary>
/// Builds a kustomization directory natively, producing what <c>kustomize build</c> (v5.5, as embedded
/// in <c>kubectl kustomize</c>) produces. Thread-safe; one instance can serve concurrent builds.
/// </summary>
public sealed partial class KustomizeBuilder
{
    private readonly ILogger _logger;
    private readonly KustomizeBuildOptions _defaultOptions;

    /// <summary>Creates a builder.</summary>
    /// <param name="logger">Where build summaries are logged; none when null.</param>
    /// <param name="defaultOptions">The options of builds that pass none (validated here); <see cref="KustomizeBuildOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A limit of <paramref name="defaultOptions"/> is not positive.</exception>
    public KustomizeBuilder(ILogger<KustomizeBuilder>? logger = null, KustomizeBuildOptions? defaultOptions = null)
    {
        defaultOptions?.Validate();
        _defaultOptions = defaultOptions ?? KustomizeBuildOptions.Default;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Builds the kustomization in <paramref name="directory"/>.</summary>
    /// <param name="directory">The directory holding <c>kustomization.yaml</c>.</param>
    /// <param name="options">Limits and the allowed root; the builder's default options (<see cref="KustomizeBuildOptions.Default"/> unless given at construction) when null.</param>
    /// <param name="cancellationToken">Stops the build.</param>
    /// <returns>The built objects in kustomize's order.</returns>
    /// <exception cref="KustomizeException">The build fails as kustomize's would (or breaks a limit).</exception>
    public Task<KustomizeBuildResult> BuildAsync(string directory, KustomizeBuildOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Build(directory, options ?? _defaultOptions, cancellationToken));
    }

    /// <summary>The synchronous build behind <see cref="BuildAsync"/>.</summary>
    internal KustomizeBuildResult Build(string directory, KustomizeBuildOptions options, CancellationToken cancellationToken) =>
        Build(directory, options, KustTarget.Load, cancellationToken);

    /// <summary>The build, with the top kustomization made by <paramref name="loadTop"/> (Flux's generator gives it from memory).</summary>
    internal KustomizeBuildResult Build(string directory, KustomizeBuildOptions options, Func<FileLoader, BuildContext, KustTarget> loadTop, CancellationToken cancellationToken)
    {
        using var activity = GitOpsDiagnostics.ActivitySource.StartActivity(GitOpsActivities.KustomizeBuild);
        activity?.SetTag("gitops.kustomize.directory", directory);
        var watch = Stopwatch.StartNew();
        try
        {
            var context = new BuildContext(options, cancellationToken);
            var ldr = FileLoader.Create(directory, options);
            var kt = loadTop(ldr, context);
            var m = kt.MakeCustomizedResMap();
            var k = kt.Kustomization;
            Transformers.Sort(m, k.SortOptions);
            if (k.BuildMetadata.Contains("managedByLabel"))
            {
                Transformers.SetMapEntries(
                    m,
                    new Dictionary<string, string>(StringComparer.Ordinal) { ["app.kubernetes.io/managed-by"] = "kustomize-(devel)" },
                    [new FieldSpec(string.Empty, string.Empty, string.Empty, "metadata/labels", true)]);
            }

            var keepOrigin = k.BuildMetadata.Contains("originAnnotations");
            var keepTransformations = k.BuildMetadata.Contains("transformerAnnotations");
            foreach (var r in m.Resources)
            {
                r.RemoveBuildAnnotations(keepOrigin, keepTransformations);
            }

            var result = new KustomizeBuildResult(m.Resources.Select(r => r.Node).ToList());
            LogBuilt(_logger, directory, result.Resources.Count, watch.Elapsed.TotalMilliseconds);
            activity?.SetTag("gitops.kustomize.resources", result.Resources.Count);
            return result;
        }
        catch (YamlException ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            throw new KustomizeException(ex.Message, ex);
        }
        catch (KustomizeException ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            LogFailed(_logger, directory, ex.Message);
            throw;
        }
    }

    [LoggerMessage(EventId = GitOps.Diagnostics.GitOpsLogEvents.KustomizeBuilt, Level = LogLevel.Debug, Message = "Built kustomization {Directory}: {Count} resources in {ElapsedMs} ms")]
    private static partial void LogBuilt(ILogger logger, string directory, int count, double elapsedMs);

    [LoggerMessage(EventId = GitOps.Diagnostics.GitOpsLogEvents.KustomizeBuildFailed, Level = LogLevel.Debug, Message = "Kustomization {Directory} failed to build: {Reason}")]
    private static partial void LogFailed(ILogger logger, string directory, string reason);
}
