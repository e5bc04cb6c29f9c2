using GitOps.Kubernetes.Health;

namespace GitOps.Kubernetes.Tests.Health;

// Follows fluxcd/cli-utils pkg/kstatus/status/core.go and generic.go (Compute, checkGenericProperties, deploymentConditions,
// jobConditions, crdConditions, ...).
public sealed class StatusComputerTests
{
    private static HealthResult Of(string yaml) => StatusComputer.Compute(Y.Parse(yaml));

    [Test]
    public void A_deletion_timestamp_means_terminating()
    {
        Assert.That(Of("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, deletionTimestamp: '2026-01-01T00:00:00Z'}\n").Status, Is.EqualTo(HealthStatus.Terminating));
    }

    [Test]
    public void An_unobserved_generation_is_in_progress()
    {
        var r = Of("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, generation: 3}\nstatus: {observedGeneration: 2}\n");
        Assert.That(r, Is.EqualTo(new HealthResult(HealthStatus.InProgress, "Widget generation is 3, but latest observed generation is 2")));
    }

    [TestCase("Reconciling", "True", HealthStatus.InProgress)]
    [TestCase("Stalled", "True", HealthStatus.Failed)]
    [TestCase("Ready", "True", HealthStatus.Current)]
    [TestCase("Ready", "False", HealthStatus.InProgress)]
    [TestCase("Ready", "Unknown", HealthStatus.InProgress)]
    public void Conditions_of_other_kinds_decide(string type, string status, HealthStatus expected)
    {
        var r = Of($"apiVersion: example.com/v1\nkind: Widget\nmetadata: {{name: w}}\nstatus:\n  conditions: [{{type: {type}, status: '{status}', message: m}}]\n");
        Assert.That(r.Status, Is.EqualTo(expected));
    }

    [Test]
    public void An_object_without_conditions_is_current()
    {
        Assert.That(Of("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n").Status, Is.EqualTo(HealthStatus.Current));
    }

    [Test]
    public void A_deployment_is_current_only_when_all_replicas_are_updated_ready_and_available()
    {
        const string Spec = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, generation: 1}\nspec: {replicas: 3, progressDeadlineSeconds: 600}\n";
        Assert.That(Of(Spec + "status: {observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 2, availableReplicas: 3}\n"),
            Is.EqualTo(new HealthResult(HealthStatus.InProgress, "Ready: 2/3")));
        Assert.That(Of(Spec + "status: {observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3}\n").Message,
            Is.EqualTo("ReplicaSet not Available"));
        Assert.That(Of(Spec + """
            status:
              observedGeneration: 1
              replicas: 3
              updatedReplicas: 3
              readyReplicas: 3
              availableReplicas: 3
              conditions:
              - {type: Progressing, status: "True", reason: NewReplicaSetAvailable}
              - {type: Available, status: "True"}
            """), Is.EqualTo(new HealthResult(HealthStatus.Current, "Deployment is available. Replicas: 3")));
        Assert.That(Of(Spec + "status:\n  conditions: [{type: Progressing, status: 'False', reason: ProgressDeadlineExceeded}]\n").Status, Is.EqualTo(HealthStatus.Failed));
    }

    [Test]
    public void Jobs_are_current_when_complete_failed_when_failed()
    {
        const string Job = "apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec: {completions: 1}\n";
        Assert.That(Of(Job + "status: {succeeded: 1, conditions: [{type: Complete, status: 'True'}]}\n"), Is.EqualTo(new HealthResult(HealthStatus.Current, "Job Completed. succeeded: 1/1")));
        Assert.That(Of(Job + "status: {failed: 2, conditions: [{type: Failed, status: 'True'}]}\n").Status, Is.EqualTo(HealthStatus.Failed));
        Assert.That(Of(Job).Message, Is.EqualTo("Job not started"));
        Assert.That(Of(Job + "status: {startTime: '2026-01-01T00:00:00Z', active: 1}\n").Message, Is.EqualTo("Job in progress. success:0, active: 1, failed: 0"));
    }

    [Test]
    public void Crds_need_established_and_fail_on_rejected_names()
    {
        const string Crd = "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: c}\n";
        Assert.That(Of(Crd + "status: {conditions: [{type: Established, status: 'True'}]}\n").Status, Is.EqualTo(HealthStatus.Current));
        Assert.That(Of(Crd + "status: {conditions: [{type: NamesAccepted, status: 'False'}]}\n").Status, Is.EqualTo(HealthStatus.Failed));
        Assert.That(Of(Crd).Status, Is.EqualTo(HealthStatus.InProgress));
    }

    [Test]
    public void Pvcs_pods_and_load_balancers_follow_their_own_rules()
    {
        Assert.That(Of("apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: p}\nstatus: {phase: Pending}\n").Status, Is.EqualTo(HealthStatus.InProgress));
        Assert.That(Of("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nstatus: {phase: Running, conditions: [{type: Ready, status: 'True'}]}\n").Status, Is.EqualTo(HealthStatus.Current));
        Assert.That(Of("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nstatus: {phase: Failed}\n").Status, Is.EqualTo(HealthStatus.Failed));
        Assert.That(Of("apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {type: LoadBalancer}\n").Status, Is.EqualTo(HealthStatus.InProgress));
        Assert.That(Of("apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {type: ClusterIP}\n").Status, Is.EqualTo(HealthStatus.Current));
    }

    [Test]
    public void A_ready_replica_percentage_is_a_threshold()
    {
        var d = Y.Parse("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: {replicas: 4}\nstatus: {readyReplicas: 3}\n");
        Assert.That(ReadinessThreshold.ReadyPercent(d), Is.EqualTo(75));
        Assert.That(ReadinessThreshold.IsReady(d, 75), Is.True);
        Assert.That(ReadinessThreshold.IsReady(d, 100), Is.False);
    }
}
