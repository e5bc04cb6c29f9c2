using GitOps.Kubernetes.Apply;
using GitOps.Kubernetes.Clusters;
using GitOps.Kubernetes.Emulator.Store;
using GitOps.Kubernetes.Health;
using GitOps.Kubernetes.Objects;
using GitOps.Ssa.Values;

namespace GitOps.Kubernetes.Tests.Apply;

// Follows fluxcd/pkg ssa/manager_wait.go (WaitForSetWithContext) and manager_wait_test.go (TestWaitForSet_failFast,
// TestWaitForSet_terminalState, TestWaitForSet_JobWithTTL), and ssa/utils/job.go (ExtractJobsWithTTL).
public sealed class WaitTests
{
    private static readonly ObjectReference Web = new("apps/v1", "Deployment", "wf", "web");
    private static readonly ObjectReference Claim = new("v1", "PersistentVolumeClaim", "wf", "data");

    private static WaitOptions Fast(bool failFast = false) =>
        new() { Interval = TimeSpan.FromMilliseconds(5), Timeout = TimeSpan.FromMilliseconds(60), FailFast = failFast };

    // A wait whose hour-long interval would run means a regression: it is cancelled (and the assertion on the exception type fails) instead of hanging.
    private static CancellationToken Guard() => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    private static SsaValue Job(string name, string ttl = "") => Y.Parse($"""
        apiVersion: batch/v1
        kind: Job
        metadata: {"{"}name: {name}, namespace: wf{"}"}
        spec:
          {ttl}
          template:
            spec:
              restartPolicy: Never
              containers:
              - {"{"}name: run, image: busybox{"}"}
        """);

    // The status a controller would write: the Deployment stalled (ProgressDeadlineExceeded), the claim still Pending.
    private static async Task<(OfflineCluster Cluster, ResourceManager Manager)> StalledDeploymentAndPendingClaimAsync()
    {
        var cluster = new OfflineCluster();
        var manager = new ResourceManager(cluster);
        var claim = Y.Parse("apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data, namespace: wf}\nspec:\n  accessModes: [ReadWriteOnce]\n  resources: {requests: {storage: 1Gi}}\n");
        await manager.ApplyAllStagedAsync([Y.Namespace("wf"), Y.Deployment("web", "wf"), claim], ResourceManagerScenarios.Staged());
        var controller = new KubernetesWriteOptions { FieldManager = "kube-controller-manager", Force = true };
        await cluster.Store.ApplyAsync(cluster.Store.Resources.GetKind("apps/v1", "Deployment"), "wf", "web", Y.Parse("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: wf}
            status:
              observedGeneration: 1
              replicas: 1
              updatedReplicas: 1
              unavailableReplicas: 1
              conditions:
              - {type: Progressing, status: "False", reason: ProgressDeadlineExceeded, message: timeout progressing}
            """), controller, "status");
        await cluster.Store.ApplyAsync(cluster.Store.Resources.GetKind("v1", "PersistentVolumeClaim"), "wf", "data",
            Y.Parse("apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data, namespace: wf}\nstatus: {phase: Pending}\n"), controller, "status");
        return (cluster, manager);
    }

    [Test]
    public async Task Without_fail_fast_a_stalled_object_next_to_one_in_progress_waits_until_the_timeout()
    {
        var (_, manager) = await StalledDeploymentAndPendingClaimAsync();
        var ex = Assert.ThrowsAsync<ResourceManagerException>(() => manager.WaitAsync([Web, Claim], Fast()));
        Assert.That(ex!.Message, Is.EqualTo("timeout waiting for: [Deployment/wf/web status: 'Failed', PersistentVolumeClaim/wf/data status: 'InProgress']"));
    }

    [Test]
    public async Task Fail_fast_stops_at_the_first_Failed_status_and_names_only_the_stalled_objects()
    {
        var (_, manager) = await StalledDeploymentAndPendingClaimAsync();
        var ex = Assert.ThrowsAsync<ResourceManagerException>(() => manager.WaitAsync([Web, Claim], Fast(failFast: true)));
        Assert.That(ex!.Message, Is.EqualTo("failed early due to stalled resources: [Deployment/wf/web status: 'Failed']"));
    }

    [Test]
    public async Task Fail_fast_stops_before_the_timeout_even_when_the_timeout_is_long()
    {
        var (_, manager) = await StalledDeploymentAndPendingClaimAsync();
        var options = new WaitOptions { Interval = TimeSpan.FromHours(1), Timeout = TimeSpan.FromHours(2), FailFast = true };
        var ex = Assert.ThrowsAsync<ResourceManagerException>(() => manager.WaitAsync([Web, Claim], options, Guard()));
        Assert.That(ex!.Message, Does.StartWith("failed early due to stalled resources"), "the first poll decides; no hour-long delay ran");
    }

    [Test]
    public async Task Only_Current_and_Failed_left_is_terminal_without_fail_fast()
    {
        var (_, manager) = await StalledDeploymentAndPendingClaimAsync();
        var options = new WaitOptions { Interval = TimeSpan.FromHours(1), Timeout = TimeSpan.FromHours(2) };
        var ex = Assert.ThrowsAsync<ResourceManagerException>(() => manager.WaitAsync([Web, new ObjectReference("v1", "Namespace", string.Empty, "wf")], options, Guard()));
        Assert.That(ex!.Message, Is.EqualTo("failed early due to stalled resources: [Deployment/wf/web status: 'Failed']"));
    }

    [Test]
    public void Jobs_with_ttlSecondsAfterFinished_are_extracted_including_zero()
    {
        var jobs = WaitOptions.ExtractJobsWithTtl([
            Job("zero", "ttlSecondsAfterFinished: 0"), Job("ten", "ttlSecondsAfterFinished: 10"), Job("none"),
            Y.Parse("apiVersion: example.com/v1\nkind: Job\nmetadata: {name: custom, namespace: wf}\nspec: {ttlSecondsAfterFinished: 0}\n"),
            Y.ConfigMap("cm", "wf"),
        ]);
        Assert.That(jobs, Is.EqualTo(new[] { new ObjectMetadata("wf", "zero", "batch", "Job"), new ObjectMetadata("wf", "ten", "batch", "Job") }));
    }

    [Test]
    public async Task A_Job_with_a_TTL_deleted_after_it_completed_counts_as_done()
    {
        var cluster = new OfflineCluster();
        var manager = new ResourceManager(cluster);
        var objects = new[] { Y.Namespace("wf"), Job("migrate", "ttlSecondsAfterFinished: 0"), Y.ConfigMap("settings", "wf") };
        await manager.ApplyAllStagedAsync(objects, ResourceManagerScenarios.Staged());
        var job = new ObjectReference("batch/v1", "Job", "wf", "migrate");
        Assert.That(await cluster.DeleteAsync(job), Is.True, "the TTL controller deletes the finished Job");

        var options = new WaitOptions { Interval = TimeSpan.FromHours(1), Timeout = TimeSpan.FromHours(2) };
        options.JobsWithTtl.UnionWith(WaitOptions.ExtractJobsWithTtl(objects));
        var result = await manager.WaitAsync([job, new ObjectReference("v1", "ConfigMap", "wf", "settings")], options, Guard());
        Assert.That(result[job].Status, Is.EqualTo(HealthStatus.Current));
    }

    [Test]
    public async Task A_deleted_Job_that_had_no_TTL_is_NotFound()
    {
        var cluster = new OfflineCluster();
        var manager = new ResourceManager(cluster);
        var objects = new[] { Y.Namespace("wf"), Job("migrate"), Job("cleanup", "ttlSecondsAfterFinished: 0") };
        await manager.ApplyAllStagedAsync(objects, ResourceManagerScenarios.Staged());
        var job = new ObjectReference("batch/v1", "Job", "wf", "migrate");
        await cluster.DeleteAsync(job);

        var options = Fast();
        options.JobsWithTtl.UnionWith(WaitOptions.ExtractJobsWithTtl(objects));
        var ex = Assert.ThrowsAsync<ResourceManagerException>(() => manager.WaitAsync([job], options));
        Assert.That(ex!.Message, Is.EqualTo("timeout waiting for: [Job/wf/migrate status: 'NotFound']"));
    }
}
