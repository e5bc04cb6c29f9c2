using GitOps.GoFormat.Internal;

namespace GitOps.Core.Tests.GoFormat;

/// <summary>
/// Core's one Go encoding layer against Go's own output: strings as kubectl 1.32 (Go 1.23) printed them with
/// <c>-o json</c>, floats and quoting as Go's strconv, fmt and encoding/json print them.
/// </summary>
public sealed class GoFormatTests
{
    [Test]
    public void Json_strings_are_escaped_as_kubectl_prints_them()
    {
        // kubectl annotate --local -o json printed "a\bb\fc\u003c\u003e\u0026\u2028\u0001" for this value.
        Assert.That(GoJsonString.Quote("a\bb\fc<>&\u2028\u0001"), Is.EqualTo("\"a\\bb\\fc\\u003c\\u003e\\u0026\\u2028\\u0001\""));
        Assert.That(GoJsonString.Quote("tab\tnl\nq\"b\\"), Is.EqualTo("\"tab\\tnl\\nq\\\"b\\\\\""));
        Assert.That(GoJsonString.Quote("<>&", escapeHtml: false), Is.EqualTo("\"<>&\""));
        Assert.That(GoJsonString.Quote("\ud800x"), Is.EqualTo("\"\\ufffdx\""));
        Assert.That(GoJsonString.Quote("é😀"), Is.EqualTo("\"é😀\""));
    }

    [TestCase(1.5, "1.5")]
    [TestCase(1e20, "100000000000000000000")]
    [TestCase(1e21, "1e+21")]
    [TestCase(1e-6, "0.000001")]
    [TestCase(1e-7, "1e-7")]
    [TestCase(-0.0, "-0")]
    [TestCase(18446744073709551615.0, "18446744073709552000")]
    [TestCase(3.14159265358979323846, "3.141592653589793")]
    [TestCase(0.30000000000000004, "0.30000000000000004")]
    [TestCase(5e-324, "5e-324")]
    [TestCase(1.7976931348623157e308, "1.7976931348623157e+308")]
    public void Json_floats_are_written_as_encoding_json_writes_them(double value, string expected)
    {
        Assert.That(GoFloat.FormatJson(value), Is.EqualTo(expected));
    }

    [TestCase(1e6, "1e+06")]
    [TestCase(100000.0, "100000")]
    [TestCase(123456.0, "123456")]
    [TestCase(1234567.0, "1.234567e+06")]
    [TestCase(1e-5, "1e-05")]
    [TestCase(0.0001, "0.0001")]
    [TestCase(1e21, "1e+21")]
    [TestCase(0.0, "0")]
    [TestCase(double.NaN, "NaN")]
    [TestCase(double.PositiveInfinity, "+Inf")]
    [TestCase(double.NegativeInfinity, "-Inf")]
    public void Shortest_g_format_matches_strconv_and_fmt_v(double value, string expected)
    {
        Assert.That(GoFloat.Format(value, 'g'), Is.EqualTo(expected));
    }

    [TestCase(1.5, "1.5")]
    [TestCase(0.1, "0.1")]
    [TestCase(1000.0, "1000")]
    [TestCase(16777217.0, "1.6777216e+07")]
    [TestCase(3.14159265358979, "3.1415927")]
    public void Thirty_two_bit_g_format_matches_strconv_format_float_32(double value, string expected)
    {
        // sigs.k8s.io/yaml spells a float map key this way (the table's "number keys" case: 1e3 -> "1000").
        Assert.That(GoFloat.Format(value, 'g', bitSize: 32), Is.EqualTo(expected));
    }

    [TestCase("plain", "\"plain\"")]
    [TestCase("a\"b\\c", "\"a\\\"b\\\\c\"")]
    [TestCase("\a\b\f\n\r\t\v", "\"\\a\\b\\f\\n\\r\\t\\v\"")]
    [TestCase("\u0001\u007f", "\"\\x01\\x7f\"")]
    [TestCase("é\u200b", "\"é\\u200b\"")]
    [TestCase("😀", "\"😀\"")]
    public void Quote_matches_strconv_quote(string value, string expected)
    {
        Assert.That(GoQuote.Quote(value), Is.EqualTo(expected));
    }
}
