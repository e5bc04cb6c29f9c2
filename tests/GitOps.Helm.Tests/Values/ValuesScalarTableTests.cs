using GitOps.Helm.Values;
using GitOps.Ssa.Values;
using GitOps.Testing;

namespace GitOps.Helm.Tests.Values;

/// <summary>
/// Core's Go-recorded scalar table (tests/GitOps.Core.Tests/Yaml/Scalars/scalars.json) through Helm's values
/// loading, which reads YAML as sigs.k8s.io/yaml does: each case's value must be what kubectl decoded, at the
/// float64 precision Helm keeps numbers in.
/// </summary>
public sealed class ValuesScalarTableTests
{
    // Cases where Helm's values reader still differs from sigs.k8s.io/yaml (its streaming tokenizer keeps keys as
    // written and refuses some YAML it does not need); a case that starts to agree must leave this list.
    private static readonly HashSet<string> KnownGaps = new(StringComparer.Ordinal)
    {
    };

    private static IEnumerable<GoScalarCase> Cases() => GoScalarTable.Cases;

    [TestCaseSource(nameof(Cases))]
    public void Values_read_each_scalar_as_sigs_k8s_io_yaml_does(GoScalarCase c)
    {
        var mismatch = Mismatch(c);
        if (KnownGaps.Contains(c.Name))
        {
            Assert.That(mismatch, Is.Not.Null, "a known gap now agrees with Go: remove it from the list");
            return;
        }

        Assert.That(mismatch, Is.Null);
    }

    private static string? Mismatch(GoScalarCase c)
    {
        string json;
        try
        {
            var values = SsaValue.ParseJson(HelmValues.ToJson(HelmValues.Parse(c.Document(header: string.Empty))));
            json = values.AsMap.TryGetValue("v", out var v) ? v.ToJson() : "(no v)";
        }
        catch (GitOpsException ex)
        {
            return c.Kubernetes.Json is null ? null : "we refuse it: " + ex.Message;
        }

        if (c.Kubernetes.Json is null)
        {
            return "Go refuses it but we read " + json;
        }

        var expected = Float64(SsaValue.ParseJson(c.Kubernetes.Json)).ToJson();
        return json == expected ? null : $"we read {json} where Go reads {expected}";
    }

    // kubectl decodes integers as int64; Helm decodes values into float64, so a number keeps a float64's precision.
    private static SsaValue Float64(SsaValue value) => value.Kind switch
    {
        SsaValueKind.Integer => SsaValue.ParseJson(SsaValue.FromDouble(value.AsInteger).ToJson()),
        SsaValueKind.Map => SsaValue.FromMap(value.AsMap.Entries.Select(e => new KeyValuePair<string, SsaValue>(e.Key, Float64(e.Value)))),
        SsaValueKind.List => SsaValue.FromList(value.AsList.Select(Float64)),
        _ => value,
    };
}
