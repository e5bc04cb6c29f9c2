using System.Diagnostics.CodeAnalysis;
using GitOps.Helm.Versioning;
using GitOps.Versioning.Internal;

namespace GitOps.Helm.Index;

/// <summary>
/// A loaded Helm repository index: chart name to versions, with what selection needs. Versions are
/// ordered as Helm orders them (highest precedence first; equal versions in index order) and selected with
/// Helm's exact rules. Thread-safe for reading.
/// </summary>
public sealed class HelmIndex
{
    private readonly Dictionary<string, ChartVersions> _charts;

    internal HelmIndex(string apiVersion, DateTimeOffset? generated, Dictionary<string, ChartVersions> charts, int skippedEntries, string digest, long sizeBytes)
    {
        ApiVersion = apiVersion;
        Generated = generated;
        _charts = charts;
        SkippedEntryCount = skippedEntries;
        Digest = digest;
        SizeBytes = sizeBytes;
    }

    /// <summary>The index's <c>apiVersion</c>.</summary>
    public string ApiVersion { get; }

    /// <summary>When the index was generated, if it says.</summary>
    public DateTimeOffset? Generated { get; }

    /// <summary>The SHA-256 digest of the index bytes, as <c>sha256:&lt;hex&gt;</c>.</summary>
    public string Digest { get; }

    /// <summary>How many bytes the index document had.</summary>
    public long SizeBytes { get; }

    /// <summary>How many entries Helm would drop with a warning (invalid version, name, type, null entries…), kept charts or not.</summary>
    public int SkippedEntryCount { get; }

    /// <summary>The chart names (index keys) kept, in no particular order.</summary>
    public IReadOnlyCollection<string> ChartNames => _charts.Keys;

    /// <summary>How many chart versions are kept in all.</summary>
    public int VersionCount => _charts.Values.Sum(c => c.Count);

    /// <summary>The versions of <paramref name="chartName"/>, highest first (Helm's order); false when the index has no such chart.</summary>
    public bool TryGetVersions(string chartName, [NotNullWhen(true)] out IReadOnlyList<HelmChartVersion>? versions)
    {
        ArgumentNullException.ThrowIfNull(chartName);
        if (_charts.TryGetValue(chartName, out var chart))
        {
            versions = chart.Sorted;
            return true;
        }

        versions = null;
        return false;
    }

    /// <summary>
    /// Picks the version Helm would pick for <c>helm pull repo/CHART --version CONSTRAINT [--devel]</c>: an
    /// entry whose version string equals the constraint first, else the highest version matching it; an empty
    /// constraint means the latest stable version, or with <paramref name="devel"/> the latest including
    /// prereleases.
    /// </summary>
    /// <exception cref="HelmChartNotFoundException">No such chart, no versions, or nothing matches.</exception>
    /// <exception cref="HelmVersionConstraintException">The constraint is not one Helm accepts.</exception>
    public HelmChartVersion Select(string chartName, string? constraint = null, bool devel = false)
    {
        ArgumentNullException.ThrowIfNull(chartName);
        if (!_charts.TryGetValue(chartName, out var chart))
        {
            throw new HelmChartNotFoundException(chartName, constraint, "no chart name found");
        }

        if (chart.Count == 0)
        {
            throw new HelmChartNotFoundException(chartName, constraint, "no chart version found");
        }

        var version = string.IsNullOrEmpty(constraint) && devel ? ">0.0.0-0" : constraint;
        var parsed = string.IsNullOrEmpty(version) ? HelmVersionConstraint.AnyStable : HelmVersionConstraint.Parse(version);
        var sorted = chart.Sorted;
        if (!string.IsNullOrEmpty(version))
        {
            foreach (var candidate in sorted)
            {
                if (string.Equals(candidate.Version, version, StringComparison.Ordinal))
                {
                    return candidate;
                }
            }
        }

        var versions = chart.SortedVersions;
        for (var i = 0; i < versions.Length; i++)
        {
            if (parsed.Check(versions[i]))
            {
                return sorted[i];
            }
        }

        throw new HelmChartNotFoundException(chartName, constraint, $"no chart version found for {chartName}-{version}");
    }

    /// <summary>The versions of one chart in index order, sorted into Helm's order on first use.</summary>
    internal sealed class ChartVersions
    {
        private readonly List<HelmChartVersion> _listed = [];
        private readonly Lock _lock = new();
        private HelmChartVersion[]? _sorted;
        private LooseVersion[]? _sortedVersions;

        public int Count => _listed.Count;

        public void Add(HelmChartVersion version) => _listed.Add(version);

        public IReadOnlyList<HelmChartVersion> Sorted
        {
            get
            {
                EnsureSorted();
                return _sorted!;
            }
        }

        public LooseVersion[] SortedVersions
        {
            get
            {
                EnsureSorted();
                return _sortedVersions!;
            }
        }

        private void EnsureSorted()
        {
            if (Volatile.Read(ref _sorted) is not null)
            {
                return;
            }

            lock (_lock)
            {
                if (_sorted is not null)
                {
                    return;
                }

                var keys = new (LooseVersion Version, int Index)[_listed.Count];
                for (var i = 0; i < keys.Length; i++)
                {
                    _ = LooseVersion.TryParse(_listed[i].Version, out var v);
                    keys[i] = (v, i);
                }

                // Highest first; equal precedence keeps index order (what Go's sort does for short lists).
                Array.Sort(keys, static (a, b) =>
                {
                    var c = b.Version.CompareTo(a.Version);
                    return c != 0 ? c : a.Index.CompareTo(b.Index);
                });
                var sorted = new HelmChartVersion[keys.Length];
                var versions = new LooseVersion[keys.Length];
                for (var i = 0; i < keys.Length; i++)
                {
                    sorted[i] = _listed[keys[i].Index];
                    versions[i] = keys[i].Version;
                }

                _sortedVersions = versions;
                Volatile.Write(ref _sorted, sorted);
            }
        }
    }
}
