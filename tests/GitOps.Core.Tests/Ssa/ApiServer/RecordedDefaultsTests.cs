using System.Text.Json;
using System.Text.RegularExpressions;
using GitOps.Core.Tests.Ssa.ManagedFields;
using GitOps.Ssa.Values;

namespace GitOps.Core.Tests.Ssa.ApiServer;

/// <summary>
/// The 85 apiserver-defaults scenarios (defaulting of every built-in kind, quantity notations,
/// immutability and validation failures) recorded against kube-apiserver v1.36.2, replayed offline:
/// every response (status code, object with managedFields, Status body) must match after the
/// recorder's own normalisation of allocated values (see the data's README).
/// </summary>
public sealed partial class RecordedDefaultsTests
{
    private const string Namespace = "ssa-007-4f2a1";

    private static IEnumerable<TestCaseData> Scenarios() => Vectors.Cases(
        "apiserver-defaults/recorded-v1.36.2.jsonl",
        e => "apiserver-defaults " + e.GetProperty("name").GetString(),
        e => e.TryGetProperty("steps", out _));

    [TestCaseSource(nameof(Scenarios))]
    public void Recorded_scenario_replays_offline(string caseName, string line)
    {
        using var doc = Vectors.Open(caseName, line);
        KnownGaps.Run(caseName, () => Replay(doc.RootElement));
    }

    private static void Replay(JsonElement scenario)
    {
        // Names embed the namespace, as on the recording server; answers are mapped back to its placeholder.
        var server = new OfflineApiServer(ns: Namespace, uniqueUids: true);
        var steps = scenario.GetProperty("steps");
        var normalizer = new Normalizer(SsaValue.ParseJson(JsonSerializer.Serialize(steps.EnumerateArray().Select(s => s.GetProperty("step")).ToList())));
        var index = 0;
        foreach (var step in steps.EnumerateArray())
        {
            var (status, response) = server.Handle(SsaValue.ParseJson(step.GetProperty("step").GetRawText().Replace("$NS", Namespace, StringComparison.Ordinal)));
            response = normalizer.Normalize(SsaValue.ParseJson(response.ToJson().Replace(Namespace, "$NS", StringComparison.Ordinal)));
            var expected = SsaValue.ParseJson(step.GetProperty("response").GetRawText());
            var what = $"step {index} ({step.GetProperty("step").GetProperty("op").GetString()})";
            Assert.That(status, Is.EqualTo(step.GetProperty("status").GetInt32()), what + " status: " + response.ToJson());
            Assert.That(SsaValue.DeepEquals(response, expected), Is.True, $"{what} differs at {string.Join(", ", Differences(expected, response, string.Empty).Take(8))}\nexpected {expected.ToJson()}\n  actual {response.ToJson()}");
            index++;
        }
    }

    // Where two answers differ, as paths ("-" only expected, "+" only actual, "~" both with other values).
    private static IEnumerable<string> Differences(SsaValue expected, SsaValue actual, string path)
    {
        if (expected.IsMap && actual.IsMap)
        {
            foreach (var (k, v) in expected.AsMap.Entries)
            {
                var diffs = actual.AsMap.TryGetValue(k, out var a) ? Differences(v, a, path + "." + k) : ["-" + path + "." + k];
                foreach (var d in diffs)
                {
                    yield return d;
                }
            }

            foreach (var (k, _) in actual.AsMap.Entries.Where(e => !expected.AsMap.ContainsKey(e.Key)))
            {
                yield return "+" + path + "." + k;
            }
        }
        else if (expected.IsList && actual.IsList && expected.AsList.Count == actual.AsList.Count)
        {
            for (var i = 0; i < expected.AsList.Count; i++)
            {
                foreach (var d in Differences(expected.AsList[i], actual.AsList[i], $"{path}[{i}]"))
                {
                    yield return d;
                }
            }
        }
        else if (!SsaValue.DeepEquals(expected, actual))
        {
            yield return $"~{path} ({Short(expected)} vs {Short(actual)})";
        }
    }

    private static string Short(SsaValue v)
    {
        var json = v.ToJson();
        return json.Length <= 60 ? json : json[..60] + "...";
    }

    /// <summary>
    /// The recorder's <c>--normalize-allocated</c> pass (tools/ssa_record.py), applied to the offline
    /// answers: resourceVersions renumbered by first appearance, cluster IPs and node ports that the
    /// scenario does not write become numbered placeholders, generated token volume names lose their
    /// random suffix, server-set condition times become a placeholder.
    /// </summary>
    private sealed partial class Normalizer
    {
        private static readonly string[] ServerTimes = ["lastPhaseTransitionTime", "lastTransitionTime", "lastUpdateTime", "lastHeartbeatTime"];
        private readonly HashSet<string> _literals = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _resourceVersions = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _ips = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _ports = new(StringComparer.Ordinal);

        public Normalizer(SsaValue steps) => CollectLiterals(steps);

        private void CollectLiterals(SsaValue v)
        {
            if (v.IsMap)
            {
                foreach (var (_, x) in v.AsMap.Entries)
                {
                    CollectLiterals(x);
                }
            }
            else if (v.IsList)
            {
                foreach (var x in v.AsList)
                {
                    CollectLiterals(x);
                }
            }
            else if (v.Kind is SsaValueKind.String or SsaValueKind.Integer)
            {
                _literals.Add(v.ToString());
            }
        }

        private readonly HashSet<string> _uids = new(StringComparer.Ordinal);

        public SsaValue Normalize(SsaValue v)
        {
            CollectUids(v);
            return Normalize(v, null);
        }

        private void CollectUids(SsaValue v)
        {
            if (v.IsMap)
            {
                foreach (var (k, x) in v.AsMap.Entries)
                {
                    if (k == "uid" && x.Kind == SsaValueKind.String && x.AsString.Length > 0)
                    {
                        _uids.Add(x.AsString);
                    }
                    else
                    {
                        CollectUids(x);
                    }
                }
            }
            else if (v.IsList)
            {
                foreach (var x in v.AsList)
                {
                    CollectUids(x);
                }
            }
        }

        private SsaValue Normalize(SsaValue v, string? key)
        {
            if (v.IsMap)
            {
                // Placeholders are numbered in the server's field order, where a ServiceSpec lists its
                // ports (and their node ports) before healthCheckNodePort.
                return SsaValue.FromMap(v.AsMap.Entries.OrderBy(e => e.Key == "ports" ? 0 : 1)
                    .Select(e => new KeyValuePair<string, SsaValue>(Text(e.Key), Field(e.Key, e.Value))).ToList());
            }

            if (v.IsList)
            {
                return SsaValue.FromList(v.AsList.Select(x => key == "clusterIPs" ? Ip(x) : Normalize(x)));
            }

            return v.Kind == SsaValueKind.String ? SsaValue.FromString(Text(v.AsString)) : v;
        }

        private SsaValue Field(string key, SsaValue v) => key switch
        {
            "uid" when v.Kind == SsaValueKind.String => SsaValue.FromString("<uid>"),
            "resourceVersion" when v.Kind == SsaValueKind.String && v.AsString.Length > 0 =>
                SsaValue.FromString(Number(_resourceVersions, v.AsString, "rv-{0}")),
            "clusterIP" => Ip(v),
            "nodePort" or "healthCheckNodePort" when v.Kind == SsaValueKind.Integer && v.AsInteger != 0 && !_literals.Contains(v.ToString()) =>
                SsaValue.FromString(Number(_ports, v.ToString(), "<nodePort-{0}>")),
            _ when ServerTimes.Contains(key) && v.Kind == SsaValueKind.String && v.AsString.Length > 0 && !_literals.Contains(v.AsString) =>
                SsaValue.FromString("<timestamp>"),
            _ => Normalize(v, key),
        };

        private SsaValue Ip(SsaValue v) =>
            v.Kind == SsaValueKind.String && v.AsString is { Length: > 0 } ip && ip != "None" && !_literals.Contains(ip)
                ? SsaValue.FromString(Number(_ips, ip, "<clusterIP-{0}>"))
                : v;

        private static string Number(Dictionary<string, string> seen, string value, string format)
        {
            if (!seen.TryGetValue(value, out var placeholder))
            {
                placeholder = string.Format(System.Globalization.CultureInfo.InvariantCulture, format, seen.Count + 1);
                seen[value] = placeholder;
            }

            return placeholder;
        }

        private string Text(string s)
        {
            foreach (var uid in _uids)
            {
                s = s.Replace(uid, "<uid>", StringComparison.Ordinal);
            }

            return TokenVolume().Replace(s, "kube-api-access-<random>");
        }

        [GeneratedRegex(@"kube-api-access-[a-z0-9]{5}\b")]
        private static partial Regex TokenVolume();
    }
}
