using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GitOps.Kubernetes.Emulator.Tests.Support;
using GitOps.Testing;

namespace GitOps.Kubernetes.Emulator.Tests.Http;

/// <summary>
/// Replays the scenarios recorded from a real kube-apiserver 1.36.2 (../shared/conformance/ssa/apiserver and
/// apiserver-defaults) over HTTP against the emulator, as the recorder sent them, and compares status
/// codes and bodies after the recorder's normalisation. Scenarios that differ today are listed in
/// TestData/replay-known-gaps.txt under the shared ratchet (<see cref="KnownGapList"/>): a listed scenario
/// that matches fails (remove it from the list), an emulator crash (a 500 without a Status body) fails even when listed.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed partial class RecordedScenarioReplayTests
{
    private static readonly string[] ServerTimes = ["lastPhaseTransitionTime", "lastTransitionTime", "lastUpdateTime", "lastHeartbeatTime"];
    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.Ordinal)
    {
        ["apply"] = "application/apply-patch+yaml",
        ["merge"] = "application/merge-patch+json",
        ["json"] = "application/json-patch+json",
        ["strategic"] = "application/strategic-merge-patch+json",
    };

    private static readonly Lazy<KnownGapList> Gaps = new(() => KnownGapList.Load(
        " | ", Path.Combine(SharedData.RepositoryRoot, "tests", "GitOps.Kubernetes.Emulator.Tests", "TestData", "replay-known-gaps.txt")));
    private EmulatorFixture _fixture = null!;
    private int _index;

    // Cluster IPs as the real server picked them (at random), by namespace/name, filled per scenario before its replay.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _recordedClusterIPs = new(StringComparer.Ordinal);

    [OneTimeSetUp]
    public async Task StartEmulator()
    {
        var options = new GitOps.Kubernetes.Emulator.Http.KubernetesEmulatorOptions();
        // One fixed time: managedFields entries order by time, and the recorder's requests fell within one second.
        options.Store.TimeProvider = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var fallback = GitOps.Ssa.ManagedFields.ServiceClusterIPAllocator.Default;
        options.Store.ServiceClusterIPAllocator = new GitOps.Ssa.ManagedFields.ServiceClusterIPAllocator(
            service => _recordedClusterIPs.TryGetValue(Key(service), out var ip) ? ip : fallback.Allocate(service), "IPv4");
        _fixture = await EmulatorFixture.StartAsync(options);
    }

    // The engine allocates before the namespace is set: scenarios replay one at a time, so the name is enough.
    private static string Key(GitOps.Ssa.Values.SsaValue service) => service.AsMap["metadata"].AsMap["name"].ToString();

    private void RecordClusterIPs(JsonArray steps)
    {
        foreach (var recorded in steps)
        {
            if (recorded!["response"] is JsonObject { } response && response["kind"]?.GetValue<string>() == "Service"
                && response["spec"]?["clusterIP"] is JsonValue ip && ip.TryGetValue<string>(out var address) && address is not "None" && !address.StartsWith('<'))
            {
                _recordedClusterIPs.TryAdd(response["metadata"]!["name"]!.GetValue<string>(), address);
            }
        }
    }

    [OneTimeTearDown]
    public async Task StopEmulator() => await _fixture.DisposeAsync();

    public static IEnumerable<TestCaseData> Scenarios()
    {
        foreach (var (set, allocated) in new[] { ("apiserver", false), ("apiserver-defaults", true) })
        {
            var file = SharedData.TryResolve($"conformance/ssa/{set}/recorded-v1.36.2.jsonl");
            if (file is null)
            {
                yield return new TestCaseData(set, string.Empty, false).SetName($"{set} recordings are present");
                continue;
            }

            foreach (var line in File.ReadLines(file).Skip(1))
            {
                var name = JsonNode.Parse(line)!["name"]!.GetValue<string>();
                yield return new TestCaseData(set, name, allocated).SetName($"{set} {name} replays over HTTP as recorded");
            }
        }

        // Our own recordings (TestData/kube-apiserver-probe, see its README): kinds, fields and failures the shared sets do not cover.
        foreach (var line in File.ReadLines(ProbeRecording).Skip(1))
        {
            var name = JsonNode.Parse(line)!["name"]!.GetValue<string>();
            yield return new TestCaseData(ProbeSet, name, true).SetName($"{ProbeSet} {name} replays over HTTP as recorded");
        }
    }

    private const string ProbeSet = "probe";

    private static string ProbeRecording => Path.Combine(SharedData.RepositoryRoot, "tests", "GitOps.Kubernetes.Emulator.Tests", "TestData", "kube-apiserver-probe", "recorded-v1.36.2.jsonl");

    [TestCaseSource(nameof(Scenarios))]
    public async Task Scenario_replays_over_http_as_recorded(string set, string name, bool allocated)
    {
        var file = set == ProbeSet ? ProbeRecording : SharedData.Require($"conformance/ssa/{set}/recorded-v1.36.2.jsonl");
        var scenario = File.ReadLines(file).Skip(1).Select(l => JsonNode.Parse(l)!.AsObject()).Single(s => s["name"]!.GetValue<string>() == name);
        var differences = await ReplayAsync(scenario, allocated);
        var key = set + "/" + name;
        var crash = differences.FirstOrDefault(d => d.StartsWith("CRASH", StringComparison.Ordinal));
        Gaps.Value.Run(key, () =>
        {
            // A crash is never a known gap: the ratchet fails on anything but an assertion.
            if (crash is not null)
            {
                throw new InvalidOperationException("the emulator crashed: " + crash);
            }

            Assert.That(differences, Is.Empty, string.Join("\n", differences));
        });
    }

    private async Task<List<string>> ReplayAsync(JsonObject scenario, bool allocated)
    {
        var ns = $"replay-{Interlocked.Increment(ref _index):000}";
        var differences = new List<string>();
        var client = _fixture.Client;
        using (var created = await SendAsync(HttpMethod.Post, "/api/v1/namespaces", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + ns + "\"}}", "application/json"))
        {
            Assert.That((int)created.StatusCode, Is.EqualTo(201));
        }

        var steps = scenario["steps"]!.AsArray();
        _recordedClusterIPs.Clear();
        RecordClusterIPs(steps);
        var normalizer = new Normalizer(allocated, Literals(Subst(steps.DeepClone(), ns)));
        var number = 0;
        foreach (var recorded in steps)
        {
            number++;
            var step = Subst(recorded!["step"]!.DeepClone(), ns)!.AsObject();
            var request = recorded["request"]!;
            var path = request["path"]!.GetValue<string>().Replace("$NS", ns, StringComparison.Ordinal);
            var query = string.Join("&", request["query"]!.AsObject().Select(q => q.Key + "=" + Uri.EscapeDataString(q.Value!.GetValue<string>())));
            var url = path + (query.Length > 0 ? "?" + query : string.Empty);
            using var response = await StepAsync(step, url, path);
            var text = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            if (status == 500 && !text.Contains("\"kind\":\"Status\"", StringComparison.Ordinal))
            {
                differences.Add($"CRASH at step {number} ({step["op"]}): HTTP 500 {text}");
                break;
            }

            var body = text.Length == 0 ? null : JsonNode.Parse(text);
            var actual = SubstBack(normalizer.Normalize(body), ns);
            var expectedStatus = recorded["status"]!.GetValue<int>();
            if (status != expectedStatus)
            {
                differences.Add($"step {number} ({step["op"]} {path}): status {status}, recorded {expectedStatus}: {Short(actual)}");
            }
            else if (!JsonNode.DeepEquals(actual, recorded["response"]))
            {
                differences.Add($"step {number} ({step["op"]} {path}): body differs\n  got      {Canonical(actual)}\n  recorded {Canonical(recorded["response"])}");
            }
        }

        using (await SendAsync(HttpMethod.Delete, "/api/v1/namespaces/" + ns, null, null))
        {
        }

        foreach (var cleanup in scenario["cleanup"]?.AsArray() ?? [])
        {
            using (await SendAsync(HttpMethod.Delete, cleanup!.GetValue<string>().Replace("$NS", ns, StringComparison.Ordinal), null, null))
            {
            }
        }

        return differences;
    }

    private async Task<HttpResponseMessage> StepAsync(JsonObject step, string url, string path)
    {
        var op = step["op"]!.GetValue<string>();
        switch (op)
        {
            case "apply":
                return await SendAsync(HttpMethod.Patch, url, step["object"]!.ToJsonString(), ContentTypes["apply"]);
            case "create":
                return await SendAsync(HttpMethod.Post, url, step["object"]!.ToJsonString(), "application/json");
            case "update":
                using (var current = await SendAsync(HttpMethod.Get, path, null, null))
                {
                    var live = JsonNode.Parse(await current.Content.ReadAsStringAsync());
                    var updated = MergePatch(live, step["mergePatch"] ?? new JsonObject());
                    return await SendAsync(HttpMethod.Put, url, updated!.ToJsonString(), "application/json");
                }

            case "patch":
                return await SendAsync(HttpMethod.Patch, url, step["patch"]!.ToJsonString(), ContentTypes[step["type"]?.GetValue<string>() ?? "merge"]);
            case "get":
                return await SendAsync(HttpMethod.Get, url, null, null);
            case "delete":
                return await SendAsync(HttpMethod.Delete, url, null, null);
            default:
                throw new InvalidOperationException("unknown op " + op);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string? body, string? contentType)
    {
        using var request = new HttpRequestMessage(method, url.TrimStart('/'));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType!);
        }

        request.Headers.UserAgent.ParseAdd("ssa-record/1.0");
        return await _fixture.Client.SendAsync(request);
    }

    private static JsonNode? MergePatch(JsonNode? target, JsonNode patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch.DeepClone();
        }

        var result = target is JsonObject t ? t.DeepClone().AsObject() : [];
        foreach (var (key, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(key);
            }
            else
            {
                var merged = MergePatch(result[key], value);
                result[key] = merged;
            }
        }

        return result;
    }

    private static JsonNode? Subst(JsonNode? node, string ns) => Map(node, s => s.Replace("$NS", ns, StringComparison.Ordinal));

    private static JsonNode? SubstBack(JsonNode? node, string ns) => Map(node, s => s.Replace(ns, "$NS", StringComparison.Ordinal));

    private static JsonNode? Map(JsonNode? node, Func<string, string> map) => node switch
    {
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(map(p.Key), Map(p.Value, map)))),
        JsonArray a => new JsonArray(a.Select(x => Map(x, map)).ToArray()),
        JsonValue v when v.TryGetValue<string>(out var s) => JsonValue.Create(map(s)),
        _ => node?.DeepClone(),
    };

    private static HashSet<object> Literals(JsonNode? node)
    {
        var set = new HashSet<object>();
        void Walk(JsonNode? n)
        {
            switch (n)
            {
                case JsonObject o:
                    foreach (var (_, v) in o)
                    {
                        Walk(v);
                    }

                    break;
                case JsonArray a:
                    foreach (var x in a)
                    {
                        Walk(x);
                    }

                    break;
                case JsonValue v when v.TryGetValue<string>(out var s):
                    set.Add(s);
                    break;
                case JsonValue v when v.TryGetValue<long>(out var l):
                    set.Add(l);
                    break;
            }
        }

        Walk(node);
        return set;
    }

    private static string Canonical(JsonNode? node) => node switch
    {
        JsonObject o => "{" + string.Join(",", o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => "\"" + p.Key + "\":" + Canonical(p.Value))) + "}",
        JsonArray a => "[" + string.Join(",", a.Select(Canonical)) + "]",
        null => "null",
        _ => node.ToJsonString(),
    };

    private static string Short(JsonNode? node)
    {
        var text = Canonical(node);
        return text.Length > 600 ? text[..600] + "…" : text;
    }

    /// <summary>The recorder's normalisation (ssa_record.py): resourceVersions, uids, times, allocated IPs and ports.</summary>
    private sealed partial class Normalizer(bool allocated, HashSet<object> literals)
    {
        private readonly Dictionary<string, string> _rv = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _ips = new(StringComparer.Ordinal);
        private readonly Dictionary<long, string> _ports = [];
        private readonly HashSet<string> _uids = new(StringComparer.Ordinal);

        public JsonNode? Normalize(JsonNode? node)
        {
            if (allocated)
            {
                CollectUids(node);
            }

            return Walk(node);
        }

        private void CollectUids(JsonNode? node)
        {
            if (node is JsonObject o)
            {
                foreach (var (k, v) in o)
                {
                    if (k == "uid" && v is JsonValue u && u.TryGetValue<string>(out var s) && s.Length > 0)
                    {
                        _uids.Add(s);
                    }
                    else
                    {
                        CollectUids(v);
                    }
                }
            }
            else if (node is JsonArray a)
            {
                foreach (var x in a)
                {
                    CollectUids(x);
                }
            }
        }

        private JsonNode? Walk(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject o:
                    var result = new JsonObject();
                    // Placeholders are numbered in the server's field order, where a ServiceSpec lists its
                    // ports (and their node ports) before healthCheckNodePort.
                    foreach (var (k, v) in o.OrderBy(e => e.Key == "ports" ? 0 : 1))
                    {
                        var s = v is JsonValue sv && sv.TryGetValue<string>(out var str) ? str : null;
                        JsonNode? value = (k, v) switch
                        {
                            ("uid", _) when s is not null => "<uid>",
                            ("resourceVersion", _) when s is { Length: > 0 } => RenameRv(s),
                            ("creationTimestamp" or "time" or "deletionTimestamp", _) when s is not null => "<timestamp>",
                            _ when allocated && ServerTimes.Contains(k) && s is { Length: > 0 } && !literals.Contains(s) => "<timestamp>",
                            ("clusterIP", _) when allocated => Ip(v),
                            ("clusterIPs", JsonArray ips) when allocated => new JsonArray(ips.Select(Ip).ToArray()),
                            ("nodePort" or "healthCheckNodePort", _) when allocated => Port(v),
                            _ => Walk(v),
                        };
                        result[allocated ? Text(k) : k] = value;
                    }

                    return result;
                case JsonArray a:
                    return new JsonArray(a.Select(Walk).ToArray());
                case JsonValue v when allocated && v.TryGetValue<string>(out var text):
                    return JsonValue.Create(Text(text));
                default:
                    return node?.DeepClone();
            }
        }

        private string RenameRv(string rv)
        {
            if (!_rv.TryGetValue(rv, out var name))
            {
                name = "rv-" + (_rv.Count + 1);
                _rv[rv] = name;
            }

            return name;
        }

        private JsonNode? Ip(JsonNode? node)
        {
            if (node is not JsonValue v || !v.TryGetValue<string>(out var ip) || ip is "" or "None" || literals.Contains(ip))
            {
                return node?.DeepClone();
            }

            if (!_ips.TryGetValue(ip, out var name))
            {
                name = $"<clusterIP-{_ips.Count + 1}>";
                _ips[ip] = name;
            }

            return name;
        }

        private JsonNode? Port(JsonNode? node)
        {
            if (node is not JsonValue v || !v.TryGetValue<long>(out var port) || port == 0 || literals.Contains(port))
            {
                return node?.DeepClone();
            }

            if (!_ports.TryGetValue(port, out var name))
            {
                name = $"<nodePort-{_ports.Count + 1}>";
                _ports[port] = name;
            }

            return name;
        }

        private string Text(string text)
        {
            foreach (var uid in _uids)
            {
                text = text.Replace(uid, "<uid>", StringComparison.Ordinal);
            }

            return ApiAccessName().Replace(text, "kube-api-access-<random>");
        }

        [GeneratedRegex(@"kube-api-access-[a-z0-9]{5}\b")]
        private static partial Regex ApiAccessName();
    }
}
