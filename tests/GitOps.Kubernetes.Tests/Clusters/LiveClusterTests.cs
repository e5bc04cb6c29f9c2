using GitOps.Kubernetes.Apply;
using GitOps.Kubernetes.Clusters;
using GitOps.Kubernetes.Emulator.Http;
using GitOps.Kubernetes.Objects.Internal;
using GitOps.Kubernetes.Tests.Apply;

namespace GitOps.Kubernetes.Tests.Clusters;

// The live cluster over real HTTPS (the API-server emulator on 127.0.0.1, bearer token, its own CA, through the kubeconfig
// it writes): every resource manager scenario gives the same lines through the offline cluster and the live one.
public sealed class LiveClusterTests
{
    private KubernetesEmulator _emulator = null!;
    private LiveCluster _cluster = null!;
    private string _dir = null!;
    private string _kubeconfig = null!;
    private int _namespaces;

    public static IEnumerable<string> Scenarios => ResourceManagerScenarios.All.Keys;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _emulator = await KubernetesEmulator.StartAsync();
        _dir = Directory.CreateTempSubdirectory("gitops-live-").FullName;
        _kubeconfig = Path.Combine(_dir, "kubeconfig");
        await _emulator.WriteKubeconfigAsync(_kubeconfig);
        _cluster = await LiveCluster.FromKubeconfigFileAsync(_kubeconfig);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _cluster.Dispose();
        await _emulator.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [TestCaseSource(nameof(Scenarios))]
    public async Task A_scenario_gives_the_same_lines_offline_and_over_http(string scenario)
    {
        var run = ResourceManagerScenarios.All[scenario];
        var ns = NewNamespace();
        var offline = await run(new OfflineCluster(), ns);
        var live = await run(_cluster, ns);
        Assert.That(live, Is.EqualTo(offline));
        Assert.That(live, Is.Not.Empty);
    }

    [Test]
    public async Task The_immutable_scenario_fails_with_the_servers_reason_and_then_recreates()
    {
        var lines = await ResourceManagerScenarios.ImmutableRecreateAsync(_cluster, NewNamespace());
        Assert.That(lines[0], Does.StartWith("error "));
        Assert.That(lines[1], Does.StartWith("ConfigMap/").And.Contain("/frozen "), "a forced apply deletes and creates the object again");
        Assert.That(lines[2], Is.EqualTo("data {\"a\":\"c\"}"));
    }

    [Test]
    public async Task A_custom_resource_is_applied_after_its_definition_in_one_staged_apply()
    {
        var ns = NewNamespace();
        var lines = await ResourceManagerScenarios.CustomResourceWithItsDefinitionAsync(_cluster, ns);
        Assert.That(lines, Is.EqualTo(new[]
        {
            $"CustomResourceDefinition/widgets.{ns}.example.com created", $"Namespace/{ns} created", $"Widget/{ns}/w created", "namespaced True",
            $"CustomResourceDefinition/widgets.{ns}.example.com unchanged", $"Namespace/{ns} unchanged", $"Widget/{ns}/w unchanged",
        }));
    }

    [Test]
    public async Task The_stored_object_is_what_the_emulators_own_store_holds()
    {
        var ns = NewNamespace();
        await new ResourceManager(_cluster).ApplyAllStagedAsync([Y.Namespace(ns), Y.ConfigMap("c", ns)], ResourceManagerScenarios.Staged());
        var overHttp = (await _cluster.GetAsync(new ObjectReference("v1", "ConfigMap", ns, "c")))!;
        var inProcess = (await new OfflineCluster(_emulator.Store).GetAsync(new ObjectReference("v1", "ConfigMap", ns, "c")))!;
        Assert.That(overHttp.ToJson(), Is.EqualTo(inProcess.ToJson()));
        Assert.That(Obj.GetList(overHttp, "metadata", "managedFields").Select(m => Obj.GetString(m, "manager") + "/" + Obj.GetString(m, "operation")), Is.EqualTo(new[] { "kustomize-controller/Apply" }));
    }

    [Test]
    public async Task Reads_and_deletes_of_missing_objects_say_so_without_an_error()
    {
        Assert.That(await _cluster.GetAsync(new ObjectReference("v1", "ConfigMap", "default", "absent")), Is.Null);
        Assert.That(await _cluster.DeleteAsync(new ObjectReference("v1", "ConfigMap", "default", "absent")), Is.False);
        await _cluster.ApplyAsync(Y.ConfigMap("present"), new ApplyRequest("test", Force: false, DryRun: false));
        Assert.That(await _cluster.DeleteAsync(new ObjectReference("v1", "ConfigMap", "default", "present")), Is.True);
    }

    [Test]
    public async Task A_dry_run_apply_stores_nothing()
    {
        var result = await _cluster.ApplyAsync(Y.ConfigMap("dry"), new ApplyRequest("test", Force: false, DryRun: true));
        Assert.That(Obj.GetString(result, "data", "a"), Is.EqualTo("b"));
        Assert.That(await _cluster.GetAsync(new ObjectReference("v1", "ConfigMap", "default", "dry")), Is.Null);
    }

    [Test]
    public async Task A_field_another_manager_owns_is_a_409_conflict_unless_forced()
    {
        var ns = NewNamespace();
        await _cluster.ApplyAsync(Y.Namespace(ns), new ApplyRequest("test", Force: false, DryRun: false));
        await _cluster.ApplyAsync(Y.ConfigMap("c", ns, "a: one"), new ApplyRequest("first", Force: false, DryRun: false));
        var ex = Assert.ThrowsAsync<ClusterException>(() => _cluster.ApplyAsync(Y.ConfigMap("c", ns, "a: two"), new ApplyRequest("second", Force: false, DryRun: false)));
        Assert.That((ex!.StatusCode, ex.Reason, ex.IsConflict), Is.EqualTo((409, "Conflict", true)));
        Assert.That(ex.Message, Does.Contain("conflict with \"first\""));
        var forced = await _cluster.ApplyAsync(Y.ConfigMap("c", ns, "a: two"), new ApplyRequest("second", Force: true, DryRun: false));
        Assert.That(Obj.GetString(forced, "data", "a"), Is.EqualTo("two"));
    }

    [Test]
    public void A_kind_the_server_does_not_serve_is_not_found()
    {
        var ex = Assert.ThrowsAsync<ClusterException>(() => _cluster.IsNamespacedAsync("nothing.example.com/v1", "Nothing"));
        Assert.That(ex!.IsNotFound, Is.True);
        Assert.That(ex.Message, Is.EqualTo("no matches for kind \"Nothing\" in version \"nothing.example.com/v1\""));
    }

    [Test]
    public async Task Lists_follow_continue_pages_and_label_selectors()
    {
        var ns = NewNamespace();
        using var small = new LiveCluster(_cluster.Connection, new LiveClusterOptions { ListPageSize = 2 });
        await small.ApplyAsync(Y.Namespace(ns), new ApplyRequest("test", Force: false, DryRun: false));
        for (var i = 0; i < 5; i++)
        {
            await small.ApplyAsync(Y.ConfigMap("c" + i, ns, extraMetadata: i % 2 == 0 ? "labels: {even: \"yes\"}" : ""), new ApplyRequest("test", Force: false, DryRun: false));
        }

        Assert.That((await small.ListAsync("v1", "ConfigMap", ns)).Select(o => Obj.GetString(o, "metadata", "name")), Is.SupersetOf(new[] { "c0", "c1", "c2", "c3", "c4" }));
        Assert.That((await small.ListAsync("v1", "ConfigMap", ns, "even=yes")).Select(o => Obj.GetString(o, "metadata", "name")), Is.EqualTo(new[] { "c0", "c2", "c4" }));
        Assert.That((await small.ListAsync("v1", "ConfigMap", ns)).All(o => Obj.GetString(o, "kind") == "ConfigMap"), Is.True);
    }

    [Test]
    public async Task A_wrong_token_is_a_401_whose_message_does_not_carry_the_token()
    {
        const string Wrong = "not-the-token-0123456789";
        using var cluster = new LiveCluster(new KubernetesConnection { Server = _cluster.Connection.Server, CertificateAuthorityPem = _emulator.CertificateAuthorityPem, BearerToken = Wrong });
        var ex = Assert.ThrowsAsync<ClusterException>(() => cluster.GetAsync(new ObjectReference("v1", "ConfigMap", "default", "x")));
        Assert.That(ex!.StatusCode, Is.EqualTo(401));
        Assert.That(ex.ToString(), Does.Not.Contain(Wrong).And.Not.Contain(_emulator.BearerToken));
        Assert.That(cluster.Connection.ToString(), Does.Not.Contain(Wrong));
    }

    [Test]
    public async Task A_server_certificate_no_trusted_ca_signed_is_refused_unless_verification_is_skipped()
    {
        using var untrusted = new LiveCluster(new KubernetesConnection { Server = _cluster.Connection.Server, BearerToken = _emulator.BearerToken });
        var ex = Assert.ThrowsAsync<ClusterException>(() => untrusted.GetAsync(new ObjectReference("v1", "Namespace", "", "default")));
        Assert.That(ex!.IsTransient, Is.True);

        using var insecure = new LiveCluster(new KubernetesConnection { Server = _cluster.Connection.Server, BearerToken = _emulator.BearerToken, InsecureSkipTlsVerify = true });
        Assert.That(await insecure.GetAsync(new ObjectReference("v1", "Namespace", "", "default")), Is.Not.Null);
    }

    [Test]
    public void An_impersonating_view_shares_the_connection_and_names_the_service_account()
    {
        var view = _cluster.ImpersonateServiceAccount("apps", "deployer");
        Assert.That(view.ImpersonatedUser, Is.EqualTo("system:serviceaccount:apps:deployer"));
        Assert.That(view.Connection, Is.SameAs(_cluster.Connection));
        view.Dispose();
        Assert.That(async () => await _cluster.GetAsync(new ObjectReference("v1", "Namespace", "", "default")), Is.Not.Null, "disposing a view leaves the parent's connections open");
    }

    [Test]
    public async Task An_impersonating_view_sends_the_service_account_and_a_403_keeps_the_servers_message()
    {
        // A plain HTTP server on 127.0.0.1 that records the headers and refuses what is not discovery, as an API server
        // whose RBAC does not let the service account read ConfigMaps.
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var headers = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var serving = Task.Run(async () =>
        {
            for (var i = 0; i < 2; i++)
            {
                using var client = await listener.AcceptTcpClientAsync();
                var stream = client.GetStream();
                var reader = new StreamReader(stream);
                var request = new System.Text.StringBuilder();
                string? line;
                while (!string.IsNullOrEmpty(line = await reader.ReadLineAsync()))
                {
                    request.Append(line).Append('\n');
                }

                headers.Enqueue(request.ToString());
                var discovery = request.ToString().StartsWith("GET /api/v1 ", StringComparison.Ordinal);
                var body = discovery
                    ? """{"kind":"APIResourceList","groupVersion":"v1","resources":[{"name":"configmaps","namespaced":true,"kind":"ConfigMap","verbs":["get"]}]}"""
                    : """{"kind":"Status","apiVersion":"v1","status":"Failure","message":"configmaps \"c\" is forbidden: User \"system:serviceaccount:apps:deployer\" cannot get resource \"configmaps\" in API group \"\" in the namespace \"default\"","reason":"Forbidden","code":403}""";
                var bytes = System.Text.Encoding.UTF8.GetBytes(body);
                var head = $"HTTP/1.1 {(discovery ? "200 OK" : "403 Forbidden")}\r\nContent-Type: application/json\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(head));
                await stream.WriteAsync(bytes);
            }
        });
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        using var cluster = new LiveCluster(new KubernetesConnection { Server = new Uri($"http://127.0.0.1:{port}"), BearerToken = "secret-token-value" });
        var view = cluster.ImpersonateServiceAccount("apps", "deployer");

        var ex = Assert.ThrowsAsync<ClusterException>(() => view.GetAsync(new ObjectReference("v1", "ConfigMap", "default", "c")));
        await serving;

        Assert.That((ex!.StatusCode, ex.Reason), Is.EqualTo((403, "Forbidden")));
        Assert.That(ex.Message, Is.EqualTo("configmaps \"c\" is forbidden: User \"system:serviceaccount:apps:deployer\" cannot get resource \"configmaps\" in API group \"\" in the namespace \"default\""));
        var get = headers.Single(h => h.StartsWith("GET /api/v1/namespaces/default/configmaps/c ", StringComparison.Ordinal));
        Assert.That(get, Does.Contain("Impersonate-User: system:serviceaccount:apps:deployer\n").And.Contain("Authorization: Bearer secret-token-value\n"));
        Assert.That(ex.ToString(), Does.Not.Contain("secret-token-value"));
    }

    [Test]
    public void The_options_refuse_non_positive_limits()
    {
        Assert.That(() => new LiveClusterOptions { MaxConcurrentRequests = 0 }.Validate(), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => new LiveClusterOptions { RequestTimeout = TimeSpan.Zero }.Validate(), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => new LiveClusterOptions { ListPageSize = -1 }.Validate(), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public async Task Any_cluster_named_by_GITOPS_TEST_KUBECONFIG_gets_a_create_reapply_prune_round_trip()
    {
        var path = Environment.GetEnvironmentVariable("GITOPS_TEST_KUBECONFIG");
        if (string.IsNullOrEmpty(path))
        {
            Assert.Ignore("GITOPS_TEST_KUBECONFIG is not set (optional: a kubeconfig of a real cluster)");
        }

        using var cluster = await LiveCluster.FromKubeconfigFileAsync(path);
        var ns = "gitops-it-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            var lines = await ResourceManagerScenarios.CreateThenReapplyAsync(cluster, ns);
            Assert.That(lines.Take(4), Is.All.EndsWith(" created"));
            Assert.That(lines.Skip(4), Is.All.EndsWith(" unchanged"));
        }
        finally
        {
            await cluster.DeleteAsync(new ObjectReference("v1", "Namespace", string.Empty, ns));
        }
    }

    private string NewNamespace() => "live" + Interlocked.Increment(ref _namespaces);
}
