using GitOps.Ssa;
using GitOps.Ssa.ApiServer;
using GitOps.Ssa.Values;

namespace GitOps.Core.Tests.Ssa.ApiServer;

/// <summary>
/// The Job strategy's generated selector and its validation, as observed on kube-apiserver v1.36.2 built locally
/// (probe scenario p-imm-job step 0: a selector given without manualSelector gets the controller-uid label and is
/// refused twice, because it selects neither the generated labels nor the template's).
/// </summary>
public sealed class JobSelectorTests
{
    [Test]
    public void A_selector_without_manualSelector_is_refused_as_not_auto_generated()
    {
        var job = SsaValue.ParseYaml("""
            apiVersion: batch/v1
            kind: Job
            metadata: {name: a}
            spec:
              selector: {matchLabels: {x: "y"}}
              template: {spec: {restartPolicy: Never, containers: [{name: w, image: busybox:1.36}]}}
            """)!;

        var error = Assert.Throws<KubernetesStatusException>(() => new ServerSideApply().Apply(null, job, "gitops", namespaceName: "ns"))!;

        Assert.That(error.Code, Is.EqualTo(422), error.Message);
        Assert.That(error.Causes.Select(c => c.Field), Is.EqualTo(new[] { "spec.selector", "spec.template.metadata.labels" }));
        Assert.That(error.Causes[0].Message, Does.StartWith("Invalid value: {\"matchLabels\":{\"batch.kubernetes.io/controller-uid\":").And.EndWith(",\"x\":\"y\"}}: `selector` not auto-generated"));
        Assert.That(error.Causes[1].Message, Does.EndWith(",\"job-name\":\"a\"}: `selector` does not match template `labels`"));
    }

    [Test]
    public void A_manual_selector_that_selects_the_template_is_accepted_and_lends_the_Job_its_labels()
    {
        var job = SsaValue.ParseYaml("""
            apiVersion: batch/v1
            kind: Job
            metadata: {name: man}
            spec:
              manualSelector: true
              selector: {matchLabels: {job: man}}
              template: {metadata: {labels: {job: man}}, spec: {restartPolicy: OnFailure, containers: [{name: w, image: busybox}]}}
            """)!;

        var stored = new ServerSideApply().Apply(null, job, "gitops", namespaceName: "ns").Value;

        Assert.That(stored.AsMap["metadata"].AsMap["labels"].ToJson(), Is.EqualTo("""{"job":"man"}"""));
        Assert.That(stored.AsMap["spec"].AsMap["selector"].ToJson(), Is.EqualTo("""{"matchLabels":{"job":"man"}}"""));
    }
}
