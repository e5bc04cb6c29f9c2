using GitOps.Yaml;

namespace GitOps.Core.Tests.Yaml;

/// <summary>
/// The writer against kubectl kustomize on awkward scalars: each value is read by our reader and written
/// by our writer, and must print byte for byte as kustomize prints the same source.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class YamlWriterKubectlTests
{
    private static readonly string[] Values =
    [
        "plain", "yes", "\"no\"", "on", "'off'", "y", "N", "true", "False", "~", "null", "", "\"\"", "''", "0755", "0o17", "0x1F", "08", "1_000",
        "1e3", "1.50", "-0.0", ".5", "1.", "12:30", "\"12:30:45\"", "190:20:30", "2024-01-02", "2001-12-14t21:59:43.10-05:00",
        "2001-12-14 21:59:43.10", "\"2024-01-02T03:04:05Z\"", "+12", "-7", "9223372036854775807", "9223372036854775808",
        "18446744073709551615", "18446744073709551616", "123456789012345678901234", "3.14159265358979", "1234567.5", "0.000001234",
        "1e21", "1e20", "100000000000000000000.5", "-1.5e-7", "!!str 123", "!!int \"42\"", "!!float 3", "\"a: b\"", "'# not a comment'",
        "\"  leading space\"", "\"trailing space  \"", "\"tab\\there\"", "\"multi\\nline\\n\"", "\"keep\\n\\n\"", "\"\\nleading newline\"",
        "\"emoji \U0001F600\"", "héllo wörld", "\"back\\\\slash\"", "'single ''quoted'''", "\"-dash\"", "\"- dash space\"", "\"*star\"",
        "\"&amp\"", "\"!bang\"", "\"%percent\"", "\"@at\"", "\"`tick\"", "\"{brace}\"", "\"[bracket]\"", "\"?q\"", "\"? q\"", "\"|pipe\"",
        "\">gt\"", "\"---\"", "\"...\"", "\"a # b\"", "a#b", "\"x:y\"", "\"x: \"", "\"line\\u2028sep\"", "\"nbsp\\u00a0here\"",
        "\"this is a long line of text that goes on and on past the eighty column limit of the yaml emitter for sure yes\"",
        "this plain text is also long enough to need folding at the width of eighty columns when written out again",
        "\"a long line with  double  spaces that goes on past the eighty column limit of the emitter, doesn't it?\"",
        "'a long single quoted line with a ''quote'' that goes on past the eighty column limit of the emitter ok'",
        "\"averyveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryverylongwordwithoutanyspacesatall\"",
        "\"a long line ending with spaces, which makes it double quoted, and which also folds somewhere   \"",
        "\"short\\n  indented second line\\nthird\"", "|\n  literal block\n  two lines\n", ">\n  folded block\n  joined\n",
        "|-\n  no newline at end\n", "|+\n  keep trailing\n\n", "\"trailing space before newline \\nx\"", "[a, b, {c: d}]", "{}", "[]",
        "[[1, 2], [], [{}]]", "{x: {y: {z: [null, ~, '']}}}", "&anchor {a: 1}",
    ];

    public static IEnumerable<TestCaseData> Cases() =>
        Values.Select((v, i) => new TestCaseData(v).SetArgDisplayNames(i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture) + " " + v.Replace("\n", "\\n", StringComparison.Ordinal)));

    [TestCaseSource(nameof(Cases))]
    public void A_value_prints_as_kubectl_kustomize_prints_it(string value)
    {
        var indented = value.Contains('\n', StringComparison.Ordinal) ? value.Replace("\n", "\n    ", StringComparison.Ordinal).TrimEnd(' ') : value;
        var source = $"apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  value: {indented}\n  list:\n  - {indented.Replace("\n    ", "\n    ", StringComparison.Ordinal)}\n  nested:\n    deeper:\n      value: {indented.Replace("\n    ", "\n        ", StringComparison.Ordinal)}\n";
        var (code, expected) = KubectlOracle.Print(source);
        string? actual = null;
        GitOpsException? failure = null;
        try
        {
            actual = YamlWriter.ToKubernetesYaml(YamlReader.ReadDocuments(source));
        }
        catch (GitOpsException ex)
        {
            failure = ex;
        }

        if (code != 0)
        {
            Assert.That(failure, Is.Not.Null, "kubectl refuses this value but we printed:\n" + actual);
            return;
        }

        Assert.That(failure, Is.Null, () => "kubectl prints this value but we failed: " + failure!.Message);
        Assert.That(actual, Is.EqualTo(expected));
    }

    [Test]
    public void Keys_sort_as_yaml_v2_sorts_them_and_long_keys_become_complex_keys()
    {
        var longKey = new string('k', 130);
        var source = $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: keys\ndata:\n  a10: x\n  a2: x\n  A1: x\n  _x: x\n  \"1key\": x\n  b: x\n  a02: x\n  a2b: x\n  ä: x\n  \"yes\": x\n  \"\": x\n  {longKey}: x\n";
        var (code, expected) = KubectlOracle.Print(source);
        Assert.That(code, Is.Zero);
        Assert.That(YamlWriter.ToKubernetesYaml(YamlReader.ReadDocuments(source)), Is.EqualTo(expected));
    }
}
