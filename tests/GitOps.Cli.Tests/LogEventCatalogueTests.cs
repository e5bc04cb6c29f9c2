using System.Reflection;
using System.Text.RegularExpressions;
using GitOps.Diagnostics;
using Microsoft.Extensions.Logging;

namespace GitOps.Cli.Tests;

/// <summary>
/// Every package's log messages against Core's public catalogue (<see cref="GitOpsLogEvents"/>): each message
/// has a catalogued id, no two messages share one, and no catalogued id is unused. Here because this project
/// loads every package.
/// </summary>
public sealed class LogEventCatalogueTests
{
    private static readonly Assembly[] Packages =
    [
        typeof(GitOpsDiagnostics).Assembly,
        typeof(GitOps.Helm.Index.HelmIndexLoader).Assembly,
        typeof(GitOps.Kustomize.KustomizeBuilder).Assembly,
        typeof(GitOps.Git.GitClient).Assembly,
        typeof(GitOps.Oci.Registry.OciRegistryClient).Assembly,
        typeof(GitOps.Buckets.BucketSource).Assembly,
        typeof(GitOps.ImageAutomation.Automation.ImageUpdateAutomation).Assembly,
    ];

    [Test]
    public void Every_log_message_has_its_own_catalogued_event_id()
    {
        var catalogue = typeof(GitOpsLogEvents).GetFields(BindingFlags.Public | BindingFlags.Static)
            .ToDictionary(f => (int)f.GetRawConstantValue()!, f => f.Name);
        var messages = Packages
            .SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m.DeclaringType!.FullName + "." + m.Name, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(m => m.Attribute is not null)
            .ToList();

        Assert.Multiple(() =>
        {
            Assert.That(messages, Has.Count.GreaterThanOrEqualTo(catalogue.Count), "log messages found");
            Assert.That(messages.Where(m => !catalogue.ContainsKey(m.Attribute!.EventId)).Select(m => m.Method + " " + m.Attribute!.EventId), Is.Empty, "ids missing from the catalogue");
            Assert.That(messages.GroupBy(m => m.Attribute!.EventId).Where(g => g.Count() > 1).Select(g => g.Key + ": " + string.Join(", ", g.Select(m => m.Method))), Is.Empty, "ids used twice");
            Assert.That(catalogue.Keys.Except(messages.Select(m => m.Attribute!.EventId)).Select(id => catalogue[id]), Is.Empty, "catalogued ids no message uses");
        });
    }

    [Test]
    public void Activity_names_are_gitops_area_operation() =>
        Assert.That(
            typeof(GitOpsActivities).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetRawConstantValue()!),
            Is.All.Matches<string>(name => Regex.IsMatch(name, "^gitops\\.[a-z_]+\\.[a-z_]+$")));
}
