using GitOps.ImageAutomation.Automation;
using GitOps.ImageAutomation.Setters;
using GitOps.ImageAutomation.Tests.Automation;
using Microsoft.Extensions.DependencyInjection;

namespace GitOps.ImageAutomation.Tests.DependencyInjection;

public sealed class ServiceCollectionTests
{
    [Test]
    public void The_setters_and_the_automation_resolve_once_a_git_client_is_registered()
    {
        using var provider = new ServiceCollection()
            .AddSingleton<IAutomationGitClient, GitCli>()
            .AddGitOpsImageAutomation()
            .AddGitOpsImageAutomation()
            .BuildServiceProvider();

        var setters = provider.GetRequiredService<ImageSetters>();
        Assert.Multiple(() =>
        {
            Assert.That(provider.GetRequiredService<ImageSetters>(), Is.SameAs(setters));
            Assert.That(provider.GetRequiredService<ImageUpdateAutomation>(), Is.Not.Null);
        });
    }
}
