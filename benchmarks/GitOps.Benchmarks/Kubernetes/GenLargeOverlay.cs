using System.Diagnostics;
using System.Globalization;
using GitOps.Kubernetes.Apply;
using GitOps.Kubernetes.Clusters;
using GitOps.Kustomize;
using GitOps.Ssa.Values;

namespace GitOps.Benchmarks.Kubernetes;

/// <summary>
/// #12's diff workload, shared by the offline and the HTTP diff benchmarks: the gen-large overlay
/// (<c>../shared/conformance/kustomize/gen-large.py</c>, N apps ≈ 3 objects each) built by our kustomize, applied to a
/// cluster, then 1% of its objects drifted by another field manager.
/// </summary>
internal static class GenLargeOverlay
{
    /// <summary>Generates the overlay for <paramref name="apps"/> apps in a temporary folder and builds it (normalised as Flux does).</summary>
    public static List<SsaValue> Build(int apps, out string root)
    {
        root = Directory.CreateTempSubdirectory("gitops-diff-bench-").FullName;
        var gen = Path.Combine(RepositoryRoot(), "..", "shared", "conformance", "kustomize", "gen-large.py");
        using (var python = Process.Start(new ProcessStartInfo("python3", [gen, apps.ToString(CultureInfo.InvariantCulture), root]) { RedirectStandardOutput = true })!)
        {
            python.StandardOutput.ReadToEnd();
            python.WaitForExit();
        }

        var built = new KustomizeBuilder().BuildAsync(Path.Combine(root, "overlays", "cluster")).GetAwaiter().GetResult();
        return SsaValue.ParseYamlDocuments(built.ToYaml()).Where(o => o.IsMap).Select(ObjectNormalizer.Normalize).ToList();
    }

    /// <summary>Creates the overlay's namespaces and applies the objects as kustomize-controller does.</summary>
    public static async Task ApplyAsync(IClusterClient cluster, ResourceManager manager, IReadOnlyList<SsaValue> objects)
    {
        var namespaces = objects.Select(o => o.AsMap["metadata"].AsMap.TryGetValue("namespace", out var ns) ? ns.AsString : null).OfType<string>().Distinct()
            .Select(ns => SsaValue.ParseYaml("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + ns + "\n")!);
        foreach (var ns in namespaces)
        {
            await cluster.ApplyAsync(ns, new ApplyRequest("bench", Force: true, DryRun: false));
        }

        await manager.ApplyAllAsync(objects, ApplyOptions.ForKustomization());
    }

    /// <summary>Another manager takes one label of every hundredth object (forced apply), so Flux's dry-run puts it back: drift.</summary>
    /// <returns>How many objects drifted.</returns>
    public static async Task<int> DriftOnePercentAsync(IClusterClient cluster, IReadOnlyList<SsaValue> objects)
    {
        var drifted = 0;
        for (var i = 0; i < objects.Count; i += 100)
        {
            var obj = objects[i];
            var metadata = obj.AsMap["metadata"].AsMap;
            var label = metadata["labels"].AsMap.Entries[0].Key;
            var patch = new List<KeyValuePair<string, SsaValue>>
            {
                new("name", metadata["name"]),
                new("labels", SsaValue.FromMap([new(label, SsaValue.FromString("drifted"))])),
            };
            if (metadata.TryGetValue("namespace", out var ns))
            {
                patch.Add(new("namespace", ns));
            }

            var drift = SsaValue.FromMap([new("apiVersion", obj.AsMap["apiVersion"]), new("kind", obj.AsMap["kind"]), new("metadata", SsaValue.FromMap(patch))]);
            await cluster.ApplyAsync(drift, new ApplyRequest("kubectl-edit", Force: true, DryRun: false));
            drifted++;
        }

        return drifted;
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "GitOps.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("GitOps.slnx not found above " + AppContext.BaseDirectory);
    }
}
