using GitOps.ImageAutomation.Automation;
using GitOps.ImageAutomation.Setters;
using Microsoft.Extensions.DependencyInjection;

namespace GitOps.ImageAutomation.Tests.DependencyInjection;

public sealed class ServiceCollectionTests
{
    [Test]
    public void Without_an_automation_git_client_the_loop_runs_on_the_gitops_git_client()
    {
        using var provider = new ServiceCollection()
            .AddGitOpsGit()
            .AddGitOpsImageAutomation()
            .BuildServiceProvider();

        Assert.Multiple(() =>
        {
            Assert.That(provider.GetRequiredService<IAutomationGitClient>(), Is.TypeOf<GitAutomationClient>());
            Assert.That(provider.GetRequiredService<ImageUpdateAutomation>(), Is.Not.Null);
        });
    }

    [Test]
    public void An_application_git_client_wins_and_the_services_resolve_once()
    {
        var own = new GitAutomationClient(new GitOps.Git.GitClient());
        using var provider = new ServiceCollection()
            .AddSingleton<IAutomationGitClient>(own)
            .AddGitOpsImageAutomation()
            .AddGitOpsImageAutomation()
            .BuildServiceProvider();

        var setters = provider.GetRequiredService<ImageSetters>();
        Assert.Multiple(() =>
        {
            Assert.That(provider.GetRequiredService<ImageSetters>(), Is.SameAs(setters));
            Assert.That(provider.GetRequiredService<ImageUpdateAutomation>(), Is.Not.Null);
            Assert.That(provider.GetRequiredService<IAutomationGitClient>(), Is.SameAs(own));
        });
    }

    [Test]
    public void Setter_limits_are_validated_when_registering()
    {
        Assert.That(() => new ServiceCollection().AddGitOpsImageAutomation(static o => o.MaxFiles = 0), Throws.InstanceOf<ArgumentException>());
    }
}
