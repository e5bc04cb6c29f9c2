using System.Text;
using GitOps.Yaml;

namespace GitOps.Core.Tests.Yaml;

/// <summary>
/// Malformed input on which YamlDotNet's parser throws something other than its YamlException (found by fuzzing:
/// fuzz/regressions/yaml and kustomization): the reader reports each as its own <see cref="YamlException"/>.
/// </summary>
public sealed class YamlReaderParserFailureTests
{
    [TestCase("a:\n  !!+@nampi", "did not find expected tag URI")]
    [TestCase("!![--", "did not find expected tag URI")]
    [TestCase("!!+F", "did not find expected tag URI")]
    [TestCase("!!-pppp]ppppppppppppppppP", "did not find expected tag URI")]
    [TestCase("v: \"\\UD800DC00\"", "found invalid Unicode character escape code")]
    [TestCase("v: \"\\uDC00\"", "found invalid Unicode surrogates")]
    [TestCase("v: \"\\U0011FFFF\"", "found invalid Unicode character escape code")]
    public void A_parser_failure_is_a_yaml_exception_with_a_clear_message(string text, string message)
    {
        foreach (var dialect in Enum.GetValues<YamlDialect>())
        {
            Assert.That(
                () => YamlReader.ReadDocuments(text, new YamlReaderOptions { Dialect = dialect }),
                Throws.TypeOf<YamlException>().With.Message.StartsWith("yaml: line ").And.Message.Contains(message),
                dialect.ToString());
        }
    }

    [Test]
    public void A_valid_unicode_escape_outside_the_basic_plane_still_reads()
    {
        var doc = (YamlMapping)YamlReader.ReadDocument("v: \"\\U0001F600\"");

        Assert.That(doc.GetString("v"), Is.EqualTo("\U0001F600"));
    }

    [Test]
    public void Every_input_the_fuzzer_found_is_a_yaml_exception()
    {
        var root = Path.Combine(GitOps.Testing.SharedData.RepositoryRoot, "fuzz", "regressions");
        var inputs = new[] { "yaml", "kustomization" }.SelectMany(t => Directory.GetFiles(Path.Combine(root, t))).ToList();

        Assert.That(inputs, Has.Count.GreaterThanOrEqualTo(10));
        foreach (var input in inputs)
        {
            var bytes = File.ReadAllBytes(input);
            Assert.That(() => YamlReader.ReadUtf8Documents(bytes), Throws.TypeOf<YamlException>(), input);
            Assert.That(() => YamlReader.ReadDocuments(Encoding.UTF8.GetString(bytes), new YamlReaderOptions { Dialect = YamlDialect.KYaml }), Throws.TypeOf<YamlException>(), input);
        }
    }
}
