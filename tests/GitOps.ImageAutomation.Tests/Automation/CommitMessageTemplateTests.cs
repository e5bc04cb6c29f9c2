using GitOps.ImageAutomation.Automation;
using GitOps.ImageAutomation.Setters;

namespace GitOps.ImageAutomation.Tests.Automation;

public sealed class CommitMessageTemplateTests
{
    private static readonly ImagePolicyResult App = new("flux-system", "app", new ImageRef("ghcr.io/org/app", "v2"));

    private static readonly SetterResult Changed = new(
        [
            new FileChanges("deploy/b.yaml", [new ObjectChanges(new ObjectIdentifier("apps/v1", "Deployment", "web", "apps"), [new SetterChange("flux-system:app", "ghcr.io/org/app:v1", "ghcr.io/org/app:v2", App)])]),
            new FileChanges("deploy/a.yaml", [
                new ObjectChanges(new ObjectIdentifier("batch/v1", "CronJob", "job", "apps"), [new SetterChange("flux-system:app:tag", "v1", "v2", App)]),
                new ObjectChanges(new ObjectIdentifier("apps/v1", "Deployment", "api", "apps"), [new SetterChange("flux-system:app", "ghcr.io/org/app:v1", "ghcr.io/org/app:v2", App)]),
            ]),
        ],
        []);

    [Test]
    public void Without_a_template_the_message_is_Flux_default() =>
        Assert.That(CommitMessageTemplate.Parse(null).Render("ns", "n", Changed), Is.EqualTo("Update from image update automation"));

    [Test]
    public void The_documented_template_renders_as_Go_text_template_would()
    {
        const string template = """
            Automated image update

            Automation name: {{ .AutomationObject }}

            Files:
            {{ range $filename, $_ := .Changed.FileChanges -}}
            - {{ $filename }}
            {{ end -}}

            Objects:
            {{ range $resource, $changes := .Changed.Objects -}}
            - {{ $resource.Kind }} {{ $resource.Name }}
              Changes:
            {{- range $_, $change := $changes }}
                - {{ $change.OldValue }} -> {{ $change.NewValue }}
            {{ end -}}
            {{ end -}}
            """;

        var message = CommitMessageTemplate.Parse(template).Render("flux-system", "podinfo", Changed);

        Assert.That(message, Is.EqualTo("""
            Automated image update

            Automation name: flux-system/podinfo

            Files:
            - deploy/a.yaml
            - deploy/b.yaml
            Objects:
            - Deployment api
              Changes:
                - ghcr.io/org/app:v1 -> ghcr.io/org/app:v2
            - Deployment web
              Changes:
                - ghcr.io/org/app:v1 -> ghcr.io/org/app:v2
            - CronJob job
              Changes:
                - v1 -> v2

            """.ReplaceLineEndings("\n")));
    }

    [Test]
    public void Values_changes_if_and_else_render()
    {
        const string template = "{{ .Values.team }}{{ .Values.missing }}:{{ range .Changed.Changes }} {{ .Setter }}={{ .NewValue }}{{ end }}{{ if .Changed.Changes }} some{{ else }} none{{ end }}{{/* a comment */}}";

        var message = CommitMessageTemplate.Parse(template).Render("ns", "n", Changed, new Dictionary<string, string> { ["team"] = "platform" });

        Assert.That(message, Is.EqualTo("platform: flux-system:app=ghcr.io/org/app:v2 flux-system:app:tag=v2 some"));
    }

    [TestCase("{{ .Updated }}", "template uses removed '.Updated' field. Please use '.Changed' instead. See: https://fluxcd.io/flux/components/image/imageupdateautomations/#message-template")]
    [TestCase("{{ .Changed.ImageResult }}", "template uses removed '.Changed.ImageResult' field. Please use '.Changed.FileChanges' or '.Changed.Objects' instead. See: https://fluxcd.io/flux/components/image/imageupdateautomations/#message-template")]
    public void Removed_fields_get_Flux_messages(string template, string message) =>
        Assert.That(() => CommitMessageTemplate.Parse(template).Render("ns", "n", Changed), Throws.TypeOf<ImageAutomationException>().With.Message.EqualTo(message));

    [TestCase("{{ .Changed.Changes | len }}")]
    [TestCase("{{ define \"x\" }}{{ end }}")]
    [TestCase("{{ range .Changed.Objects }}")]
    public void Unsupported_or_malformed_templates_are_refused_when_parsed(string template) =>
        Assert.That(() => CommitMessageTemplate.Parse(template), Throws.TypeOf<ImageAutomationException>().With.Message.StartsWith("unable to create commit message template from spec: "));
}
