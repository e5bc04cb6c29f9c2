using GitOps.Kubernetes.Emulator.Http.Internal;
using GitOps.Ssa.Values;

namespace GitOps.Kubernetes.Emulator.Tests.Http;

/// <summary>The printers' value formats, with the cases of apimachinery's duration_test.go and the label helpers.</summary>
public sealed class TableFormatTests
{
    [TestCase(-2, "<invalid>")]
    [TestCase(-1, "0s")]
    [TestCase(1, "1s")]
    [TestCase(70, "70s")]
    [TestCase(119, "119s")]
    [TestCase(120, "2m")]
    [TestCase(150, "2m30s")]
    [TestCase(599, "9m59s")]
    [TestCase(600, "10m")]
    [TestCase(10799, "179m")]
    [TestCase(10800, "3h")]
    [TestCase(11100, "3h5m")]
    [TestCase(28799, "7h59m")]
    [TestCase(28800, "8h")]
    [TestCase(172799, "47h")]
    [TestCase(172800, "2d")]
    [TestCase(176400, "2d1h")]
    [TestCase(691199, "7d23h")]
    [TestCase(691200, "8d")]
    [TestCase(63071999, "729d")]
    [TestCase(63072000, "2y")]
    [TestCase(63158400, "2y1d")]
    [TestCase(252287999, "7y364d")]
    [TestCase(252288000, "8y")]
    public void Human_duration_writes_what_apimachinery_writes(long seconds, string expected) =>
        Assert.That(TableFormat.HumanDuration(TimeSpan.FromSeconds(seconds)), Is.EqualTo(expected));

    [Test]
    public void Label_selectors_print_requirements_sorted_by_key_and_none_when_empty()
    {
        var selector = SsaValue.ParseJson("""{"matchLabels":{"tier":"web","app":"x"},"matchExpressions":[{"key":"env","operator":"NotIn","values":["b","a"]},{"key":"gone","operator":"DoesNotExist"},{"key":"has","operator":"Exists"}]}""");

        Assert.That(TableFormat.Selector(selector), Is.EqualTo("app=x,env notin (a,b),!gone,has,tier=web"));
        Assert.That(TableFormat.FormatSelector(SsaValue.EmptyMap), Is.EqualTo("<none>"));
        Assert.That(TableFormat.Labels(SsaValue.ParseJson("""{"b":"2","a":"1"}""")), Is.EqualTo("a=1,b=2"));
    }
}
