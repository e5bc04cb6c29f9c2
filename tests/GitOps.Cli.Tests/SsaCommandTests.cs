using GitOps.Ssa.Values;
using GitOps.Testing;

namespace GitOps.Cli.Tests;

public sealed class SsaCommandTests
{
    private const string ConfigMap = """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings}
        data: {mode: fast, level: '1'}
        """;

    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replicas: 2
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers: [{name: nginx, image: 'nginx:1.25'}]
        """;

    private const string WidgetCrd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: widgets.ssa.example.com}
        spec:
          group: ssa.example.com
          scope: Namespaced
          names: {kind: Widget, listKind: WidgetList, plural: widgets, singular: widget}
          versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    properties:
                      count: {type: integer, default: 1}
                      tags: {type: array, items: {type: string}, x-kubernetes-list-type: set}
        """;

    private static SsaValue Parse(string yaml) => SsaValue.ParseYaml(yaml)!;

    private static SsaValue At(SsaValue v, params string[] path) => path.Aggregate(v, (c, k) => c.AsMap[k]);

    private static IReadOnlyList<SsaValue> ManagedFields(SsaValue obj) => At(obj, "metadata", "managedFields").AsList;

    private static SsaValue Entry(SsaValue obj, string manager) => ManagedFields(obj).Single(e => At(e, "manager").AsString == manager);

    private static string Write(TemporaryDirectory work, string name, string text)
    {
        var path = work.Combine(name);
        File.WriteAllText(path, text);
        return path;
    }

    [Test]
    public async Task Apply_without_a_live_object_creates_it_and_prints_YAML_with_managedFields()
    {
        using var work = new TemporaryDirectory();
        var config = Write(work, "cm.yaml", ConfigMap);

        var missing = await CliRun.RunAsync("ssa", "apply", config, "--manager", "gitops");
        var empty = await CliRun.RunAsync("ssa", "apply", config, "--manager", "gitops", "--live", Write(work, "empty.yaml", "\n"));

        Assert.That(missing.ExitCode, Is.Zero, missing.Error);
        Assert.That(empty.ExitCode, Is.Zero, empty.Error);
        var created = Parse(missing.Output);
        Assert.Multiple(() =>
        {
            Assert.That(At(created, "data", "mode").AsString, Is.EqualTo("fast"));
            var entry = ManagedFields(created).Single();
            Assert.That(At(entry, "manager").AsString, Is.EqualTo("gitops"));
            Assert.That(At(entry, "operation").AsString, Is.EqualTo("Apply"));
            Assert.That(At(entry, "apiVersion").AsString, Is.EqualTo("v1"));
            Assert.That(At(entry, "fieldsType").AsString, Is.EqualTo("FieldsV1"));
            Assert.That(At(entry, "fieldsV1").ToJson(), Is.EqualTo("""{"f:data":{"f:level":{},"f:mode":{}}}"""));
            Assert.That(At(entry, "time").AsString, Does.Match(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$"));
            Assert.That(SsaValue.DeepEquals(Parse(empty.Output).AsMap["data"], created.AsMap["data"]), Is.True, "an empty --live file is no object either");
        });
    }

    [Test]
    public async Task A_live_file_that_does_not_exist_is_an_error_not_a_new_object()
    {
        using var work = new TemporaryDirectory();
        var config = Write(work, "cm.yaml", ConfigMap);

        var run = await CliRun.RunAsync("ssa", "apply", config, "--manager", "gitops", "--live", work.Combine("absent.yaml"));

        AssertOneLineError(run, "absent.yaml: no such file");
    }

    [TestCase("apply")]
    [TestCase("update")]
    public async Task An_unknown_subresource_is_refused_and_never_written_into_managedFields(string verb)
    {
        using var work = new TemporaryDirectory();
        var config = Write(work, "cm.yaml", ConfigMap);

        var run = await CliRun.RunAsync("ssa", verb, config, "--manager", "gitops", "--subresource", "bogus");

        AssertOneLineError(run, "bogus");
        Assert.That(run.Output, Does.Not.Contain("subresource"));
    }

    [Test]
    public async Task An_empty_manager_gives_one_clear_line()
    {
        using var work = new TemporaryDirectory();
        var config = Write(work, "cm.yaml", ConfigMap);

        var run = await CliRun.RunAsync("ssa", "apply", config, "--manager", "");

        AssertOneLineError(run, "--manager must not be empty");
    }

    [TestCase("5")]
    [TestCase("[1]")]
    [TestCase("{type: string}")]
    [TestCase("{type: array, items: {type: string}}")]
    public async Task A_CRD_whose_schema_is_not_an_object_gives_the_API_servers_line(string schema)
    {
        using var work = new TemporaryDirectory();
        var crd = Write(work, "crd.yaml",
            "{apiVersion: apiextensions.k8s.io/v1, kind: CustomResourceDefinition, metadata: {name: widgets.ssa.example.com}, "
            + "spec: {group: ssa.example.com, names: {kind: Widget, plural: widgets}, versions: [{name: v1, schema: {openAPIV3Schema: " + schema + "}}]}}");
        var widget = Write(work, "w.yaml", "{apiVersion: ssa.example.com/v1, kind: Widget, metadata: {name: a}}");

        var run = await CliRun.RunAsync("ssa", "apply", widget, "--manager", "gitops", "--crd", crd);

        AssertOneLineError(run, "spec.versions[0].schema.openAPIV3Schema.type: Required value: must be object at the root");
    }

    [TestCase("{\"type\":\"io.k8s.api.core.v1.ConfigMap\",\"live\":[[[", 1)]
    [TestCase("xx", 1)]
    [TestCase("{\"type\":\"io.k8s.api.core.v1.ConfigMap\",\"managers\":{\"a\":{\"fieldsV1\":\"x\"}}}", 1)]
    [TestCase("{\"type\":\"no.such.Type\",\"live\":{}}", 1)]
    public async Task A_bad_case_in_a_batch_gives_one_line_without_a_stack_trace(string bad, int jobs)
    {
        using var work = new TemporaryDirectory();
        var good = """{"type":"io.k8s.api.core.v1.ConfigMap","live":{},"ops":[]}""";
        var cases = Write(work, "cases.jsonl", string.Join("\n", Enumerable.Repeat(good, 300).Append(bad)) + "\n");

        var sequential = await CliRun.RunAsync("ssa", "batch", cases, "--jobs", "1");
        var parallel = await CliRun.RunAsync("ssa", "batch", cases, "--jobs", "2");

        AssertOneLineError(sequential, "case 301: ");
        AssertOneLineError(parallel, "case 301: ");
    }

    private static void AssertOneLineError(CliRun run, string expected)
    {
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Not.Zero.And.Not.EqualTo(134));
            Assert.That(run.Error.TrimEnd().Split('\n'), Has.Length.EqualTo(1), run.Error);
            Assert.That(run.Error, Does.Contain(expected));
            Assert.That(run.Error, Does.Not.Contain("   at ").And.Not.Contain("Exception"));
        });
    }

    [Test]
    public async Task Re_applying_the_same_configuration_is_a_no_op()
    {
        using var work = new TemporaryDirectory();
        var config = Write(work, "cm.yaml", ConfigMap);
        var first = await CliRun.RunAsync("ssa", "apply", config, "--manager", "gitops");
        var live = Write(work, "live.yaml", first.Output);

        var second = await CliRun.RunAsync("ssa", "apply", config, "--manager", "gitops", "--live", live);

        Assert.That(second.ExitCode, Is.Zero, second.Error);
        Assert.That(second.Output, Is.EqualTo(first.Output), "nothing changes, not even the managedFields time");
    }

    [Test]
    public async Task A_conflict_exits_2_with_the_API_servers_message_and_force_takes_the_field()
    {
        using var work = new TemporaryDirectory();
        var live = Write(work, "live.yaml", (await CliRun.RunAsync("ssa", "apply", Write(work, "cm.yaml", ConfigMap), "--manager", "gitops")).Output);
        var other = Write(work, "other.yaml", "{apiVersion: v1, kind: ConfigMap, metadata: {name: settings}, data: {mode: safe}}");

        var conflict = await CliRun.RunAsync("ssa", "apply", other, "--manager", "admin", "--live", live);
        var forced = await CliRun.RunAsync("ssa", "apply", other, "--manager", "admin", "--live", live, "--force");

        Assert.Multiple(() =>
        {
            Assert.That(conflict.ExitCode, Is.EqualTo(2));
            Assert.That(conflict.Output, Is.Empty);
            Assert.That(conflict.Error.Trim(), Is.EqualTo("Apply failed with 1 conflict: conflict with \"gitops\": .data.mode"));
            Assert.That(forced.ExitCode, Is.Zero, forced.Error);
        });
        var result = Parse(forced.Output);
        Assert.That(At(result, "data", "mode").AsString, Is.EqualTo("safe"));
        Assert.That(At(Entry(result, "gitops"), "fieldsV1").ToJson(), Is.EqualTo("""{"f:data":{"f:level":{}}}"""));
        Assert.That(At(Entry(result, "admin"), "fieldsV1").ToJson(), Is.EqualTo("""{"f:data":{"f:mode":{}}}"""));
    }

    [Test]
    public async Task Update_records_an_Update_entry_for_the_changed_fields()
    {
        using var work = new TemporaryDirectory();
        var live = Write(work, "live.yaml", (await CliRun.RunAsync("ssa", "apply", Write(work, "cm.yaml", ConfigMap), "--manager", "gitops")).Output);
        var edited = Write(work, "edited.yaml", ConfigMap.Replace("level: '1'", "level: '2'", StringComparison.Ordinal));

        var run = await CliRun.RunAsync("ssa", "update", edited, "--manager", "kubectl-edit", "--live", live);

        Assert.That(run.ExitCode, Is.Zero, run.Error);
        var entry = Entry(Parse(run.Output), "kubectl-edit");
        Assert.That(At(entry, "operation").AsString, Is.EqualTo("Update"));
        Assert.That(At(entry, "fieldsV1").ToJson(), Is.EqualTo("""{"f:data":{"f:level":{}}}"""));
        Assert.That(At(Entry(Parse(run.Output), "gitops"), "fieldsV1").ToJson(), Is.EqualTo("""{"f:data":{"f:mode":{}}}"""));
    }

    [Test]
    public async Task Subresources_status_and_scale_write_only_their_part()
    {
        using var work = new TemporaryDirectory();
        var live = Write(work, "live.yaml", (await CliRun.RunAsync("ssa", "apply", Write(work, "deploy.yaml", Deployment), "--manager", "gitops")).Output);
        var status = Write(work, "status.yaml", "{apiVersion: apps/v1, kind: Deployment, metadata: {name: web}, spec: {replicas: 9}, status: {replicas: 2}}");
        var scale = Write(work, "scale.yaml", "{apiVersion: autoscaling/v1, kind: Scale, metadata: {name: web}, spec: {replicas: 4}}");

        var statusRun = await CliRun.RunAsync("ssa", "apply", status, "--manager", "controller", "--live", live, "--subresource", "status");
        var scaleConflict = await CliRun.RunAsync("ssa", "apply", scale, "--manager", "hpa", "--live", live, "--subresource", "scale");
        var scaleRun = await CliRun.RunAsync("ssa", "apply", scale, "--manager", "hpa", "--live", live, "--subresource", "scale", "--force");

        Assert.That(statusRun.ExitCode, Is.Zero, statusRun.Error);
        var afterStatus = Parse(statusRun.Output);
        Assert.Multiple(() =>
        {
            Assert.That(At(afterStatus, "status", "replicas").AsInteger, Is.EqualTo(2));
            Assert.That(At(afterStatus, "spec", "replicas").AsInteger, Is.EqualTo(2), "/status does not write spec");
            Assert.That(At(Entry(afterStatus, "controller"), "subresource").AsString, Is.EqualTo("status"));
            Assert.That(scaleConflict.ExitCode, Is.EqualTo(2));
            Assert.That(scaleConflict.Error.Trim(), Is.EqualTo("Apply failed with 1 conflict: conflict with \"gitops\": .spec.replicas"));
            Assert.That(scaleRun.ExitCode, Is.Zero, scaleRun.Error);
        });
        var afterScale = Parse(scaleRun.Output);
        Assert.That(At(afterScale, "kind").AsString, Is.EqualTo("Deployment"), "the parent is printed");
        Assert.That(At(afterScale, "spec", "replicas").AsInteger, Is.EqualTo(4));
        var hpa = Entry(afterScale, "hpa");
        Assert.That(At(hpa, "subresource").AsString, Is.EqualTo("scale"));
        Assert.That(At(hpa, "apiVersion").AsString, Is.EqualTo("apps/v1"));
        Assert.That(At(hpa, "fieldsV1").ToJson(), Is.EqualTo("""{"f:spec":{"f:replicas":{}}}"""));
    }

    [Test]
    public async Task A_custom_resource_is_applied_with_its_CRDs_schema_and_defaults()
    {
        using var work = new TemporaryDirectory();
        var crd = Write(work, "crd.yaml", WidgetCrd);
        var widget = Write(work, "w.yaml", "{apiVersion: ssa.example.com/v1, kind: Widget, metadata: {name: w}, spec: {tags: [a, b]}}");

        var without = await CliRun.RunAsync("ssa", "apply", widget, "--manager", "gitops");
        var run = await CliRun.RunAsync("ssa", "apply", widget, "--manager", "gitops", "--crd", crd);

        Assert.That(without.ExitCode, Is.EqualTo(1));
        Assert.That(without.Error, Does.StartWith("error: no schema for ssa.example.com/v1 Widget"));
        Assert.That(run.ExitCode, Is.Zero, run.Error);
        var result = Parse(run.Output);
        Assert.That(At(result, "spec", "count").AsInteger, Is.EqualTo(1), "the schema's default");
        Assert.That(At(result, "metadata", "generation").AsInteger, Is.EqualTo(1));
        Assert.That(At(ManagedFields(result).Single(), "fieldsV1").ToJson(), Is.EqualTo("""{"f:spec":{"f:tags":{"v:\"a\"":{},"v:\"b\"":{}}}}"""), "a set list, and the default is not owned");
    }

    [TestCase("[1, 2]", "expected one object")]
    [TestCase("{kind: ConfigMap, metadata: {name: x}}", "needs apiVersion and kind")]
    [TestCase("{apiVersion: v1, kind: ConfigMap, metadata: {name: x}, data: {k: [1]}}", ".data.k: expected string")]
    [TestCase("a: [unclosed", "invalid YAML")]
    public async Task Bad_input_exits_1_with_a_one_line_message(string text, string message)
    {
        using var work = new TemporaryDirectory();

        var run = await CliRun.RunAsync("ssa", "apply", Write(work, "bad.yaml", text), "--manager", "gitops");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(1));
            Assert.That(run.Output, Is.Empty);
            Assert.That(run.Error, Does.StartWith("error: ").And.Contain(message));
            Assert.That(run.Error.Trim(), Does.Not.Contain("\n"), "no stack trace");
        });
    }

    [Test]
    public async Task A_missing_configuration_file_and_a_missing_manager_are_reported()
    {
        using var work = new TemporaryDirectory();

        var missingFile = await CliRun.RunAsync("ssa", "apply", work.Combine("nope.yaml"), "--manager", "gitops");
        var missingManager = await CliRun.RunAsync("ssa", "apply", Write(work, "cm.yaml", ConfigMap));

        Assert.That(missingFile.ExitCode, Is.EqualTo(1));
        Assert.That(missingFile.Error, Does.StartWith("error: ").And.Contain("nope.yaml"));
        Assert.That(missingManager.ExitCode, Is.Not.Zero);
        Assert.That(missingManager.Error, Does.Contain("--manager"));
    }

    [Test]
    public async Task Batch_runs_ssa_ref_style_cases_line_by_line()
    {
        using var work = new TemporaryDirectory();
        var cases = Write(work, "cases.jsonl", """
            {"type":"io.k8s.api.core.v1.ConfigMap","apiVersion":"v1","live":null,"managers":{},"ops":[{"op":"apply","manager":"a","object":{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"k":"1"}}}]}

            {"type":"io.k8s.api.core.v1.ConfigMap","apiVersion":"v1","live":null,"managers":{},"ops":[{"op":"apply","manager":"a","object":{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"k":"1"}}},{"op":"apply","manager":"b","object":{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"k":"2"}}}]}
            """);

        var run = await CliRun.RunAsync("ssa", "batch", cases);

        Assert.That(run.ExitCode, Is.Zero, run.Error);
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(2), "blank lines are skipped");
        Assert.That(lines[0], Does.Contain("\"k\":\"1\""));
        Assert.That(lines[1], Does.Contain("conflict").IgnoreCase);
    }
}
