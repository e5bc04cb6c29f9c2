using GitOps.Kustomize.Flux.Internal;

namespace GitOps.Kustomize.Tests.Flux;

/// <summary>
/// Flux's envsubst: the cases of <c>fluxcd/pkg envsubst/eval_test.go</c> (TestExpand, TestExpandStrict) and
/// <c>parse/parse_test.go</c>, plus edge cases read off <c>funcs.go</c> and <c>parse/scan.go</c>.
/// </summary>
public sealed class EnvsubstTests
{
    private static string Eval(string input, Dictionary<string, string> vars, bool strict = false) =>
        Envsubst.Eval(input, name => vars.TryGetValue(name, out var v) ? (v, true) : (string.Empty, !strict));

    private static Dictionary<string, string> Vars(params string[] pairs)
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < pairs.Length; i += 2)
        {
            d[pairs[i]] = pairs[i + 1];
        }

        return d;
    }

    // eval_test.go TestExpand, one row per upstream case.
    [TestCase("", "", "abcdEFGH28ij", "abcdEFGH28ij")]
    [TestCase("var01", "abcdEFGH28ij", "${#var01}", "12")]
    [TestCase("var01", "abcdEFGH28ij", "${var01^}", "AbcdEFGH28ij")]
    [TestCase("var01", "abcdEFGH28ij", "${var01^^}", "ABCDEFGH28IJ")]
    [TestCase("var01", "ABCDEFGH28IJ", "${var01,}", "aBCDEFGH28IJ")]
    [TestCase("var01", "ABCDEFGH28IJ", "${var01,,}", "abcdefgh28ij")]
    [TestCase("path_name", "/home/bozo/ideas/thoughts.for.today", "${path_name:11}", "ideas/thoughts.for.today")]
    [TestCase("path_name", "/home/bozo/ideas/thoughts.for.today", "${path_name:11:5}", "ideas")]
    [TestCase("var", "abc", "${var=xyz}", "abc")]
    [TestCase("", "", "${var=xyz}", "xyz")]
    [TestCase("default_var", "foo", "something ${var=${default_var}}", "something foo")]
    [TestCase("default_var", "foo1", "foo: ${var=${default_var}-suffix}", "foo: foo1-suffix")]
    [TestCase("default_var", "foo1", "foo: ${var=prefix${default_var}-suffix}", "foo: prefixfoo1-suffix")]
    [TestCase("", "", "${var:=xyz}", "xyz")]
    [TestCase("stringZ", "abcABC123ABCabc", "${stringZ/%abc/XYZ}", "abcABC123ABCXYZ")]
    [TestCase("stringZ", "abcABC123ABCabc", "${stringZ/#abc/XYZ}", "XYZABC123ABCabc")]
    [TestCase("stringZ", "abcABC123ABCabc", "${stringZ//abc/xyz}", "xyzABC123ABCxyz")]
    [TestCase("stringZ", "abcABC123ABCabc", "${stringZ/abc/xyz}", "xyzABC123ABCabc")]
    [TestCase("filename", "bash.string.txt", "${filename#*.}", "string.txt")]
    [TestCase("filename", "path/to/file", "${filename#*/}", "to/file")]
    [TestCase("filename", "/path/to/file", "${filename#*/}", "path/to/file")]
    [TestCase("filename", "bash.string.txt", "${filename##*.}", "txt")]
    [TestCase("filename", "path/to/file", "${filename##*/}", "file")]
    [TestCase("filename", "/path/to/file", "${filename##*/}", "file")]
    [TestCase("filename", "bash.string.txt", "${filename%.*}", "bash.string")]
    [TestCase("filename", "bash.string.txt", "${filename%%.*}", "bash")]
    [TestCase("var01", "abcdEFGH28ij", "${var=${var01^^}}", "ABCDEFGH28IJ")]
    [TestCase("var01", "abcdEFGH28ij", "$${var01}", "${var01}")]
    [TestCase("var01", "abcdEFGH28ij", "some text ${var01}$${var$${var01}$var01${var01}", "some text abcdEFGH28ij${var${var01}$var01abcdEFGH28ij")]
    [TestCase("default_var", "foo", "something $${var=${default_var}}", "something ${var=foo}")]
    [TestCase("stringZ", "foo/bar", @"${stringZ/\//-}", "foo-bar")]
    [TestCase("stringZ", "foo/bar/baz", @"${stringZ//\//-}", "foo-bar-baz")]
    [TestCase("default_var", "foo", @"\\something ${var=${default_var}}", @"\\something foo")]
    [TestCase("stringZ", "foo.bar", "${stringZ/./}", "foobar")]
    public void Every_upstream_expansion_case_gives_upstreams_output(string name, string value, string input, string expected)
    {
        var vars = name.Length == 0 ? Vars() : Vars(name, value);
        Assert.That(Eval(input, vars), Is.EqualTo(expected));
    }

    // Read off funcs.go: the colon-prefixed operators and '=' all fall back to the default when the value is empty.
    [TestCase("${v:-d}", "", "d")]
    [TestCase("${v:-d}", "x", "x")]
    [TestCase("${v:=d}", "", "d")]
    [TestCase("${v=d}", "", "d")]
    [TestCase("${v:+d}", "", "d")]
    [TestCase("${v:+d}", "x", "x")]
    [TestCase("${v:?d}", "", "d")]
    [TestCase("${v:-}", "", "")]
    [TestCase("${v:-a${w}b}", "", "aWb")]
    [TestCase("${v:-a:b}", "", "a:b")]
    [TestCase("${v:-1}", "hello", "hello")]
    [TestCase("${v:1}", "hello", "ello")]
    [TestCase("${v:1:2}", "hello", "el")]
    [TestCase("${v:1:100}", "hello", "ello")]
    [TestCase("${v:10}", "hello", "")]
    [TestCase("${v:x}", "hello", "hello")]
    [TestCase("${v: -2}", "hello", "hello")]
    [TestCase("${#v}", "héllo", "6")]
    [TestCase("${v^}", "élan", "Élan")]
    [TestCase("${v,,}", "MiXeD", "mixed")]
    [TestCase("${v/l/}", "hello", "helo")]
    [TestCase("${v//l/}", "hello", "heo")]
    [TestCase("${v:1x:2}", "hello", "hello")]
    [TestCase("${v/#he/HE}", "hehe", "HEhe")]
    [TestCase("${v/#x/y}", "hehe", "hehe")]
    [TestCase("${v/%he/HE}", "hehe", "heHE")]
    [TestCase("${v#*}", "hello", "ello")]
    [TestCase("${v##*}", "hello", "")]
    [TestCase("${v#h?l}", "hello", "lo")]
    [TestCase("${v#[a-h]}", "hello", "ello")]
    [TestCase("${v#[^a-h]}", "hello", "hello")]
    [TestCase("${v%l*}", "hello", "hel")]
    [TestCase("${v%%l*}", "hello", "he")]
    [TestCase("$v and $$v", "x", "$v and $v")]
    [TestCase("$$$${v}", "x", "$${v}")]
    [TestCase("$$${v}", "x", "$x")]
    [TestCase("price: 5$", "x", "price: 5$")]
    public void Operators_behave_as_upstream_funcs_go_defines_them(string input, string value, string expected)
    {
        Assert.That(Eval(input, Vars("v", value, "w", "W")), Is.EqualTo(expected));
    }

    // eval_test.go TestExpandStrict: a missing variable fails for plain and transforming references only.
    [TestCase("${missing}")]
    [TestCase("${#missing}")]
    [TestCase("${missing^}")]
    [TestCase("${missing^^}")]
    [TestCase("${missing,}")]
    [TestCase("${missing,,}")]
    [TestCase("${missing:0}")]
    [TestCase("${missing:0:10}")]
    [TestCase("${missing/pattern/replacement}")]
    [TestCase("${missing//pattern/replacement}")]
    [TestCase("${missing/#pattern/replacement}")]
    [TestCase("${missing/%pattern/replacement}")]
    [TestCase("${missing#pattern}")]
    [TestCase("${missing##pattern}")]
    [TestCase("${missing%pattern}")]
    [TestCase("${missing%%pattern}")]
    [TestCase("${set:-${missing}}")]
    public void Strict_mode_refuses_an_unset_variable_read_without_a_default(string input)
    {
        var ex = Assert.Throws<FormatException>(() => Eval(input, Vars("set", "s"), strict: true));
        Assert.That(ex!.Message, Is.EqualTo("variable not set (strict mode): \"missing\""));
    }

    [TestCase("${missing:-fallback}", "fallback")]
    [TestCase("${missing:=assigned}", "assigned")]
    [TestCase("${missing=assigned}", "assigned")]
    [TestCase("${missing:+plus}", "plus")]
    [TestCase("${missing:?question}", "question")]
    [TestCase("$${missing}", "${missing}")]
    [TestCase("$missing", "$missing")]
    public void Strict_mode_lets_defaults_escapes_and_bare_dollars_through(string input, string expected)
    {
        Assert.That(Eval(input, Vars(), strict: true), Is.EqualTo(expected));
    }

    [Test]
    public void Non_strict_mode_turns_an_unset_variable_into_an_empty_string()
    {
        Assert.That(Eval("a${missing}b${#missing}", Vars()), Is.EqualTo("ab0"));
    }

    // parse.go errors; ${v-d}, ${v+d} and ${v?d} without a colon are not parsed by Flux's fork.
    [TestCase("${}", "unable to parse variable name")]
    [TestCase("${ v}", "unable to parse variable name")]
    [TestCase("${v", "missing closing brace")]
    [TestCase("${v-d}", "missing closing brace")]
    [TestCase("${v+d}", "missing closing brace")]
    [TestCase("${v?d}", "missing closing brace")]
    [TestCase("${v.x}", "missing closing brace")]
    [TestCase("${#}", "bad substitution")]
    [TestCase("${v:}", "unable to parse substitution within function")]
    [TestCase("${v/l}", "bad substitution")]
    [TestCase("${v#}", "unable to parse substitution within function")]
    [TestCase("${v^x}", "bad substitution")]
    [TestCase("${v:-d", "unable to parse substitution within function")]
    [TestCase("${v:", "bad substitution")]
    public void Malformed_expressions_fail_with_upstreams_parse_errors(string input, string message)
    {
        var ex = Assert.Throws<FormatException>(() => Eval(input, Vars("v", "x")));
        Assert.That(ex!.Message, Is.EqualTo(message));
    }

    [Test]
    public void Text_without_a_dollar_is_returned_as_is()
    {
        const string text = "apiVersion: v1\nkind: ConfigMap\n";
        Assert.That(Eval(text, Vars()), Is.SameAs(text));
    }
}
