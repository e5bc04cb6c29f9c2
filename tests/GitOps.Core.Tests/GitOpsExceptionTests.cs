namespace GitOps.Core.Tests;

public sealed class GitOpsExceptionTests
{
    [Test]
    public void A_plain_failure_is_not_transient()
    {
        var inner = new InvalidOperationException("inner");
        var exception = new GitOpsException("outer", inner);

        Assert.Multiple(() =>
        {
            Assert.That(exception.IsTransient, Is.False);
            Assert.That(exception.Message, Is.EqualTo("outer"));
            Assert.That(exception.InnerException, Is.SameAs(inner));
        });
    }
}
