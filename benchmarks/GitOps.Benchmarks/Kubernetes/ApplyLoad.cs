using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using GitOps.Kubernetes.Emulator.Http;
using GitOps.Kubernetes.Emulator.Store;
using GitOps.Ssa.Values;

namespace GitOps.Benchmarks.Kubernetes;

/// <summary>
/// Issue #13's load benchmark (a console mode, not BenchmarkDotNet: it reports throughput and latency percentiles of
/// one long run): server-side applies of Deployments to the API-server emulator over HTTP, the way clients send them
/// (<c>PATCH application/apply-patch+yaml?fieldManager=...&amp;force=true</c>, bearer token, HTTPS with the emulator's
/// CA or plain HTTP), from several connections at once. Three phases over N distinct Deployments: creates, no-op
/// re-applies of the same YAML, changed re-applies (image, replicas, an env value). Then the memory the store holds
/// per object (managed heap after a full GC, RSS). The same phases also run in process against the store alone
/// (YAML parse + <see cref="IKubernetesObjectStore.ApplyAsync"/>), which gives the HTTP overhead as a ratio.
/// <code>
/// dotnet run -c Release --project benchmarks/GitOps.Benchmarks -- apply-load [--objects 10000] [--concurrency 16]
///     [--transport https|https2|http|store|all]
/// </code>
/// </summary>
internal static class ApplyLoad
{
    private const string FieldManager = "apply-load";
    private const int Warmup = 1000;

    public static async Task<int> RunAsync(string[] args)
    {
        var objects = IntOption(args, "--objects", 10_000);
        var concurrency = IntOption(args, "--concurrency", 16);
        var transport = StringOption(args, "--transport", "all");
        var transports = transport == "all" ? ["store", "https", "https2", "http"] : transport.Split(',');
        Console.WriteLine($"apply-load: {objects} Deployments, {concurrency} requests in flight, {Environment.ProcessorCount} cores, "
            + $"server GC {System.Runtime.GCSettings.IsServerGC}, load average {LoadAverage()}");
        foreach (var t in transports)
        {
            await RunTransportAsync(t, objects, concurrency).ConfigureAwait(false);
        }

        Console.WriteLine($"load average at the end {LoadAverage()}");
        return 0;
    }

    private static async Task RunTransportAsync(string transport, int objects, int concurrency)
    {
        var baseline = Memory();
        var emulator = transport == "store" ? null : await KubernetesEmulator.StartAsync(new KubernetesEmulatorOptions { UseHttps = transport != "http" }).ConfigureAwait(false);
        var store = emulator?.Store ?? new InMemoryKubernetesObjectStore();
        using var client = emulator is null ? null : NewClient(emulator, transport == "https2", concurrency);
        var deployments = store.Resources.GetKind("apps/v1", "Deployment");
        Func<int, string, Task> apply = client is null
            ? async (_, yaml) =>
            {
                var config = SsaValue.ParseYaml(yaml)!;
                await store.ApplyAsync(deployments, "default", Obj(config), config, new KubernetesWriteOptions { FieldManager = FieldManager, Force = true }).ConfigureAwait(false);
            }
        : async (i, yaml) =>
            {
                using var content = new StringContent(yaml, Encoding.UTF8);
                content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/apply-patch+yaml");
                using var response = await client.PatchAsync($"apis/apps/v1/namespaces/default/deployments/{Name(i)}?fieldManager={FieldManager}&force=true", content).ConfigureAwait(false);
                var body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                if (!response.IsSuccessStatusCode || body.Length == 0)
                {
                    throw new InvalidOperationException($"{Name(i)}: {(int)response.StatusCode} {Encoding.UTF8.GetString(body)}");
                }
            };

        Console.WriteLine($"-- {Describe(transport)}");
        // Warm-up (not counted): the JIT's tiers settle on 1,000 more Deployments, created and changed twice.
        for (var revision = 0; revision < 3; revision++)
        {
            await PhaseAsync("warm-up", Warmup, concurrency, i => apply(objects + i, Yaml(objects + i, revision % 2))).ConfigureAwait(false);
        }

        var warm = Memory();
        await PhaseAsync("create", objects, concurrency, i => apply(i, Yaml(i, 0)), print: true).ConfigureAwait(false);
        var created = Memory();
        await PhaseAsync("no-op re-apply", objects, concurrency, i => apply(i, Yaml(i, 0)), print: true).ConfigureAwait(false);
        await PhaseAsync("changed re-apply", objects, concurrency, i => apply(i, Yaml(i, 1)), print: true).ConfigureAwait(false);
        var end = Memory();
        var count = ((InMemoryKubernetesObjectStore)store).Count;
        Console.WriteLine($"   memory per stored Deployment after the creates: managed {(created.Managed - warm.Managed) / (double)objects / 1024:F1} KiB, "
            + $"RSS {(created.Rss - warm.Rss) / (double)objects / 1024:F1} KiB (heap {created.Managed / 1048576.0:F1} MiB, RSS {created.Rss / 1048576.0:F1} MiB, {count} objects with the warm-up's and the namespaces)");
        Console.WriteLine($"   after all phases (watch history holds up to 10,000 replaced versions): managed {(end.Managed - warm.Managed) / (double)objects / 1024:F1} KiB, "
            + $"RSS {(end.Rss - warm.Rss) / (double)objects / 1024:F1} KiB per object; process start to now: RSS +{(end.Rss - baseline.Rss) / 1048576.0:F1} MiB");
        if (emulator is not null)
        {
            await emulator.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static string Describe(string transport) => transport switch
    {
        "store" => "in process: YAML parse + store.ApplyAsync (no HTTP)",
        "https" => "HTTPS, HTTP/1.1 keep-alive, bearer token",
        "https2" => "HTTPS, HTTP/2 (one connection, multiplexed), bearer token",
        "http" => "plain HTTP, HTTP/1.1 keep-alive, bearer token",
        _ => throw new ArgumentException("unknown transport " + transport),
    };

    private static string Obj(SsaValue config) => config.AsMap["metadata"].AsMap["name"].AsString;

    private static async Task PhaseAsync(string name, int count, int concurrency, Func<int, Task> apply, bool print = false)
    {
        var latencies = new long[count];
        var next = -1;
        var wall = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var (allocated, pause, gen0, gen2) = (GC.GetTotalAllocatedBytes(), GC.GetTotalPauseDuration(), GC.CollectionCount(0), GC.CollectionCount(2));
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var start = Stopwatch.GetTimestamp();
                await apply(i).ConfigureAwait(false);
                latencies[i] = Stopwatch.GetTimestamp() - start;
            }
        })).ToList();
        await Task.WhenAll(workers).ConfigureAwait(false);
        wall.Stop();
        if (!print)
        {
            return;
        }

        var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        Array.Sort(latencies);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"   {name,-17} {count / wall.Elapsed.TotalSeconds,8:F0} applies/s  p50 {Ms(latencies, 0.50),7:F2} ms  p95 {Ms(latencies, 0.95),7:F2} ms  "
            + $"p99 {Ms(latencies, 0.99),7:F2} ms  max {Ms(latencies, 1.0),7:F2} ms  CPU {used.TotalSeconds / wall.Elapsed.TotalSeconds:F2} cores  "
            + $"allocated {(GC.GetTotalAllocatedBytes() - allocated) / (double)count / 1024,6:F0} KiB/apply  GC pauses {(GC.GetTotalPauseDuration() - pause).TotalMilliseconds / wall.Elapsed.TotalMilliseconds:P0} "
            + $"({GC.CollectionCount(0) - gen0} gen0, {GC.CollectionCount(2) - gen2} gen2)"));
    }

    private static double Ms(long[] sorted, double quantile)
    {
        var index = Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1);
        return sorted[Math.Max(0, index)] * 1000.0 / Stopwatch.Frequency;
    }

    private static HttpClient NewClient(KubernetesEmulator emulator, bool http2, int concurrency)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = concurrency,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            EnableMultipleHttp2Connections = false,
        };
        if (emulator.CertificateAuthorityPem is { } pem)
        {
            var ca = X509Certificate2.CreateFromPem(pem);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
                {
                    return false;
                }

                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(new X509Certificate2(certificate));
            };
        }

        var client = new HttpClient(handler)
        {
            BaseAddress = emulator.BaseAddress,
            DefaultRequestVersion = http2 ? HttpVersion.Version20 : HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromMinutes(1),
        };
        client.DefaultRequestHeaders.Authorization = new("Bearer", emulator.BearerToken);
        client.DefaultRequestHeaders.UserAgent.ParseAdd("apply-load/1.0");
        return client;
    }

    // A Deployment as a kustomize overlay renders one: labels, selector, one or two containers with ports, env,
    // resources and probes. Revision 1 changes the image tag, the replicas and one env value.
    private static string Yaml(int i, int revision)
    {
        var name = Name(i);
        var yaml = new StringBuilder()
            .Append("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ").Append(name).Append("\n  namespace: default\n")
            .Append("  labels:\n    app.kubernetes.io/name: ").Append(name).Append("\n    app.kubernetes.io/part-of: shop\n    team: team-").Append(i % 7).Append('\n')
            .Append("  annotations:\n    gitops.example/revision: \"").Append(revision).Append("\"\n")
            .Append("spec:\n  replicas: ").Append(1 + ((i + revision) % 4)).Append('\n')
            .Append("  selector:\n    matchLabels:\n      app.kubernetes.io/name: ").Append(name).Append('\n')
            .Append("  template:\n    metadata:\n      labels:\n        app.kubernetes.io/name: ").Append(name).Append("\n        app.kubernetes.io/part-of: shop\n")
            .Append("    spec:\n      containers:\n")
            .Append("      - name: app\n        image: registry.example/shop/").Append(name).Append(":1.").Append(i % 20).Append('.').Append(revision).Append('\n')
            .Append("        ports:\n        - containerPort: 8080\n          name: http\n")
            .Append("        env:\n        - name: LOG_LEVEL\n          value: ").Append(revision == 0 ? "info" : "debug").Append('\n')
            .Append("        - name: POD_NAME\n          valueFrom:\n            fieldRef:\n              fieldPath: metadata.name\n")
            .Append("        resources:\n          requests: {cpu: 100m, memory: 128Mi}\n          limits: {cpu: \"1\", memory: 256Mi}\n")
            .Append("        readinessProbe:\n          httpGet: {path: /healthz, port: http}\n          periodSeconds: 5\n");
        if (i % 3 == 0)
        {
            yaml.Append("      - name: proxy\n        image: envoyproxy/envoy:v1.31.").Append(revision).Append('\n')
                .Append("        args: [\"--config-path\", /etc/envoy/envoy.yaml]\n")
                .Append("        ports:\n        - containerPort: 9901\n          name: admin\n")
                .Append("        resources:\n          requests: {cpu: 50m, memory: 64Mi}\n");
        }

        return yaml.ToString();
    }

    private static string Name(int i) => "app-" + i.ToString("D5", CultureInfo.InvariantCulture);

    private static (long Managed, long Rss) Memory()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return (GC.GetTotalMemory(forceFullCollection: false), Rss());
    }

    private static long Rss()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) * 1024;
            }
        }

        return Environment.WorkingSet;
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static int IntOption(string[] args, string name, int fallback) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;

    private static string StringOption(string[] args, string name, string fallback) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
