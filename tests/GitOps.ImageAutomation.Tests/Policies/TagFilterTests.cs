using GitOps.ImageAutomation.Policies;

namespace GitOps.ImageAutomation.Tests.Policies;

/// <summary>RE2 semantics (Go's regexp) on .NET's non-backtracking engine, and Regexp.ExpandString.</summary>
public sealed class TagFilterTests
{
    [TestCase("1.2", "x1.2y", true, TestName = "Matching is unanchored")]
    [TestCase("^1\\.2$", "1.2\n", false, TestName = "Dollar is end of text, not before a final newline")]
    [TestCase("^\\d+$", "١٢٣", false, TestName = "Digits are ASCII only")]
    [TestCase("^\\w+$", "é", false, TestName = "Word characters are ASCII only")]
    [TestCase("^\\s$", "\u00a0", false, TestName = "Spaces are ASCII only")]
    [TestCase("^[[:alpha:]]+-[[:digit:]]+$", "rc-12", true, TestName = "POSIX classes work")]
    [TestCase("^\\Qa.b\\E$", "a.b", true, TestName = "Quoted text is literal")]
    [TestCase("^\\Qa.b\\E$", "axb", false, TestName = "Quoted dot is not a wildcard")]
    [TestCase("(?i)^RC", "rc1", true, TestName = "Case folding flag")]
    [TestCase("^a{2,3}$", "aaa", true, TestName = "Counted repetition")]
    [TestCase("^[]a]+$", "]a]", true, TestName = "A leading bracket in a class is literal")]
    [TestCase("^[a-]+$", "a-a", true, TestName = "A trailing dash in a class is literal")]
    [TestCase("^\\x41\\x{42}$", "AB", true, TestName = "Hex escapes")]
    public void Patterns_match_as_Go_regexp(string pattern, string tag, bool expected) =>
        Assert.That(TagFilter.Create(pattern).Apply([tag]).Count == 1, Is.EqualTo(expected));

    [TestCase("(?=x)", "error parsing regexp: invalid or unsupported Perl syntax: `(?=`")]
    [TestCase("a(?!b)", "error parsing regexp: invalid or unsupported Perl syntax: `(?!`")]
    [TestCase("(?<=a)b", "error parsing regexp: invalid or unsupported Perl syntax: `(?<`")]
    [TestCase("(a)\\1", "error parsing regexp: invalid escape sequence: `\\1`")]
    [TestCase("a++", "error parsing regexp: invalid nested repetition operator: `++`")]
    [TestCase("a{1001}", "error parsing regexp: invalid repeat count: `{1001}`")]
    [TestCase("*a", "error parsing regexp: missing argument to repetition operator: `*`")]
    [TestCase("(a", "error parsing regexp: missing closing ): `(a`")]
    [TestCase("[a", "error parsing regexp: missing closing ]: `[a`")]
    [TestCase("a\\Z", "error parsing regexp: invalid escape sequence: `\\Z`")]
    public void Syntax_RE2_lacks_is_refused_with_Go_wording(string pattern, string error) =>
        Assert.That(() => TagFilter.Create(pattern), Throws.TypeOf<ImagePolicyException>().With.Message.EqualTo($"invalid regular expression pattern '{pattern}': {error}"));

    [TestCase("^(\\d+)\\.(\\d+)$", "$2.$1", "3.12", "12.3")]
    [TestCase("^(\\d+)\\.(\\d+)$", "${2}x", "3.12", "12x")]
    [TestCase("^(\\d+)\\.(\\d+)$", "$2x", "3.12", "", TestName = "A name runs on, so $2x is an unknown group")]
    [TestCase("^(?P<major>\\d+)\\.(?<minor>\\d+)$", "${minor}-$major", "3.12", "12-3")]
    [TestCase("^(\\d+)$", "$$1 $ ${1", "7", "$1 $ ${1", TestName = "Dollars and malformed references stay as text")]
    [TestCase("^(a)|(b)$", "[$1][$2]", "b", "[][b]", TestName = "An unmatched group expands to nothing")]
    [TestCase("^(\\d+)$", "$01", "7", "", TestName = "Leading zeros make a name, not a number")]
    [TestCase("^(?:x)(?P<n>\\d)(\\d)$", "$1$2", "x12", "12", TestName = "Groups are numbered by opening parenthesis, named or not")]
    public void Extract_expands_as_Go_ExpandString(string pattern, string extract, string tag, string expected) =>
        Assert.That(TagFilter.Create(pattern, extract).Apply([tag]).Single().Key, Is.EqualTo(expected));

    [Test]
    public void The_same_extracted_value_keeps_the_last_tag_in_the_first_position()
    {
        var result = TagFilter.Create("^v?(\\d+)", "$1").Apply(["v1", "2", "1"]);

        Assert.That(result, Is.EqualTo(new[] { KeyValuePair.Create("1", "1"), KeyValuePair.Create("2", "2") }));
    }
}
