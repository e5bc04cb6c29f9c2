using Microsoft.Extensions.DependencyInjection;

namespace GitOps.Buckets.Tests;

public sealed class BucketOptionsTests
{
    [Test]
    public void The_defaults_are_safe_and_only_the_endpoint_is_required()
    {
        var options = new BucketOptions();

        Assert.Multiple(() =>
        {
            Assert.That(options.Validate, Throws.ArgumentException.With.Property("ParamName").EqualTo("Endpoint"));
            Assert.That(options.MaxObjects, Is.EqualTo(10_000));
            Assert.That(options.MaxObjectBytes, Is.EqualTo(64L << 20));
            Assert.That(options.MaxTotalBytes, Is.EqualTo(1L << 30));
            Assert.That(options.Timeout, Is.EqualTo(TimeSpan.FromSeconds(60)));
            Assert.That(options.ApplyDefaultExclusions, Is.False);
        });
        options.Endpoint = new Uri("http://127.0.0.1:9000");
        Assert.That(options.Validate, Throws.Nothing);
    }

    [TestCase("ftp://host/")]
    [TestCase("http://user:pass@host/")]
    public void An_endpoint_that_is_not_plain_http_or_https_is_refused(string endpoint)
    {
        var options = new BucketOptions { Endpoint = new Uri(endpoint) };

        Assert.That(options.Validate, Throws.ArgumentException);
    }

    [Test]
    public void Limits_must_be_positive()
    {
        Assert.Multiple(() =>
        {
            Assert.That(new BucketOptions { Endpoint = new Uri("http://h/"), MaxConcurrency = 0 }.Validate, Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(new BucketOptions { Endpoint = new Uri("http://h/"), MaxObjects = 0 }.Validate, Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(new BucketOptions { Endpoint = new Uri("http://h/"), Timeout = TimeSpan.Zero }.Validate, Throws.InstanceOf<ArgumentOutOfRangeException>());
        });
    }

    [Test]
    public void Credentials_never_print_the_secret()
    {
        var credentials = new BucketCredentials("flux:tester", "s3cret");

        Assert.That(credentials.ToString(), Does.Not.Contain("s3cret").And.Contain("flux:tester"));
    }

    [Test]
    public void AddGitOpsBuckets_registers_a_source_with_the_configured_options()
    {
        using var provider = new ServiceCollection()
            .AddGitOpsBuckets(o => { o.Endpoint = new Uri("http://127.0.0.1:9000"); o.MaxConcurrency = 4; })
            .BuildServiceProvider();

        var source = provider.GetRequiredService<BucketSource>();

        Assert.Multiple(() =>
        {
            Assert.That(source.Options.Endpoint, Is.EqualTo(new Uri("http://127.0.0.1:9000")));
            Assert.That(source.Options.MaxConcurrency, Is.EqualTo(4));
        });
    }
}
