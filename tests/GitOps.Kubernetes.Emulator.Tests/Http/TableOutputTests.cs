using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using GitOps.Kubernetes.Emulator.Tests.Support;

namespace GitOps.Kubernetes.Emulator.Tests.Http;

/// <summary>Table answers over HTTP: content negotiation, includeObject, and watches that asked for tables.</summary>
[TestFixture]
public sealed class TableOutputTests
{
    private const string KubectlAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

    private EmulatorFixture _fixture = null!;

    [OneTimeSetUp]
    public async Task StartEmulatorWithTwoConfigMaps()
    {
        _fixture = await EmulatorFixture.StartAsync();
        foreach (var name in (string[])["one", "two"])
        {
            using var body = new StringContent("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name + "\"},\"data\":{\"k\":\"v\"}}", Encoding.UTF8, "application/json");
            using var created = await _fixture.Client.PostAsync("api/v1/namespaces/default/configmaps", body);
            Assert.That((int)created.StatusCode, Is.EqualTo(201));
        }
    }

    [OneTimeTearDown]
    public async Task StopEmulator() => await _fixture.DisposeAsync();

    [Test]
    public async Task A_get_that_accepts_tables_gets_a_table_with_partial_object_metadata_rows()
    {
        var table = await GetAsync("api/v1/namespaces/default/configmaps/one", KubectlAccept);

        Assert.That((string?)table["kind"], Is.EqualTo("Table"));
        Assert.That((string?)table["apiVersion"], Is.EqualTo("meta.k8s.io/v1"));
        Assert.That(table["columnDefinitions"]!.AsArray().Select(c => (string?)c!["name"]), Is.EqualTo(new[] { "Name", "Data", "Age" }));
        Assert.That(table["columnDefinitions"]![0]!["format"]!.GetValue<string>(), Is.EqualTo("name"));
        Assert.That(table["rows"]![0]!["cells"]![1]!.GetValue<long>(), Is.EqualTo(1));
        Assert.That((string?)table["rows"]![0]!["object"]!["kind"], Is.EqualTo("PartialObjectMetadata"));
        Assert.That((string?)table["rows"]![0]!["object"]!["metadata"]!["name"], Is.EqualTo("one"));
    }

    [Test]
    public async Task Include_object_and_v1beta1_and_plain_json_are_honoured()
    {
        var full = await GetAsync("api/v1/namespaces/default/configmaps?includeObject=Object", KubectlAccept);
        var none = await GetAsync("api/v1/namespaces/default/configmaps?includeObject=None", KubectlAccept);
        var beta = await GetAsync("api/v1/namespaces/default/configmaps", "application/json;as=Table;v=v1beta1;g=meta.k8s.io");
        var plain = await GetAsync("api/v1/namespaces/default/configmaps", "application/json");

        Assert.That((string?)full["rows"]![0]!["object"]!["data"]!["k"], Is.EqualTo("v"));
        Assert.That((string?)full["rows"]![0]!["object"]!["kind"], Is.EqualTo("ConfigMap"));
        Assert.That(none["rows"]![0]!.AsObject().ContainsKey("object"), Is.False);
        Assert.That((string?)beta["apiVersion"], Is.EqualTo("meta.k8s.io/v1beta1"));
        Assert.That((string?)plain["kind"], Is.EqualTo("ConfigMapList"));
    }

    [Test]
    public async Task A_watch_that_accepts_tables_sends_one_row_tables_with_the_columns_on_the_first_event_only()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/namespaces/default/configmaps?watch=1&resourceVersion=0&timeoutSeconds=1");
        request.Headers.Accept.ParseAdd(KubectlAccept);
        using var response = await _fixture.Client.SendAsync(request);
        var events = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();

        Assert.That(events.Select(e => (string?)e["type"]), Is.EqualTo(new[] { "ADDED", "ADDED" }));
        Assert.That(events.Select(e => (string?)e["object"]!["kind"]), Is.All.EqualTo("Table"));
        Assert.That(events[0]["object"]!["columnDefinitions"], Is.Not.Null);
        Assert.That(events[1]["object"]!.AsObject().ContainsKey("columnDefinitions"), Is.False);
        Assert.That(events.Select(e => (string?)e["object"]!["rows"]![0]!["cells"]![0]), Is.EqualTo(new[] { "one", "two" }));
    }

    private async Task<JsonNode> GetAsync(string path, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse(accept.Split(',')[0]));
        foreach (var more in accept.Split(',').Skip(1))
        {
            request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse(more));
        }

        using var response = await _fixture.Client.SendAsync(request);
        Assert.That((int)response.StatusCode, Is.EqualTo(200));
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}
