using GitOps.ImageAutomation.Automation;
using GitOps.ImageAutomation.Setters;
using GitOps.Notifications;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the GitOps.ImageAutomation primitives with a service collection.</summary>
public static class GitOpsImageAutomationServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="ImageSetters"/> and <see cref="ImageUpdateAutomation"/>, which sends its events to every
    /// registered <see cref="INotificationProvider"/>. Its Git operations are the application's
    /// <see cref="IAutomationGitClient"/> when one is registered, otherwise a <see cref="GitAutomationClient"/> over
    /// the registered <see cref="GitOps.Git.IGitClient"/> (<c>AddGitOpsGit</c>). Safe to call more than once: the
    /// first call's options are kept.
    /// </summary>
    /// <param name="services">The service collection to add to.</param>
    /// <param name="configure">Changes the setters' limits (<see cref="ImageSetterOptions"/>); validated here.</param>
    /// <returns>The same service collection, for chaining.</returns>
    /// <exception cref="ArgumentException">The configured options are invalid.</exception>
    public static IServiceCollection AddGitOpsImageAutomation(this IServiceCollection services, Action<ImageSetterOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new ImageSetterOptions();
        configure?.Invoke(options);
        options.Validate();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(options);
        services.TryAddSingleton(static sp => new ImageSetters(sp.GetRequiredService<ImageSetterOptions>()));
        services.TryAddTransient<IAutomationGitClient>(static sp => new GitAutomationClient(sp.GetRequiredService<GitOps.Git.IGitClient>()));
        services.TryAddTransient(static sp => new ImageUpdateAutomation(
            sp.GetRequiredService<IAutomationGitClient>(),
            sp.GetServices<INotificationProvider>(),
            sp.GetRequiredService<ImageSetters>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<ImageUpdateAutomation>>()));
        return services;
    }
}
