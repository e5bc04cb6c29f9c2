using GitOps.Git.Keys;
using Microsoft.Extensions.DependencyInjection;

namespace GitOps.Git.Tests.DependencyInjection;

public sealed class AddGitOpsGitKeysTests
{
    [Test]
    public void The_key_services_resolve_with_the_configured_scan_options()
    {
        using var provider = new ServiceCollection()
            .AddGitOpsGitKeys(o => o.Timeout = TimeSpan.FromSeconds(5))
            .AddGitOpsGitKeys()
            .BuildServiceProvider();

        Assert.Multiple(() =>
        {
            Assert.That(provider.GetRequiredService<KnownHostsScanOptions>().Timeout, Is.EqualTo(TimeSpan.FromSeconds(5)));
            Assert.That(provider.GetService<KnownHostsScanner>(), Is.Not.Null);
            Assert.That(provider.GetRequiredService<SshKeyGenerator>().Generate().PublicKey.Type, Is.EqualTo("ecdsa-sha2-nistp384"));
            Assert.That(provider.GetService<SshPrivateKeyReader>(), Is.Not.Null);
        });
    }

    [Test]
    public void Invalid_scan_options_fail_when_resolved()
    {
        using var provider = new ServiceCollection().AddGitOpsGitKeys(o => o.Timeout = TimeSpan.Zero).BuildServiceProvider();

        Assert.That(() => provider.GetRequiredService<KnownHostsScanner>(), Throws.TypeOf<ArgumentOutOfRangeException>());
    }
}
