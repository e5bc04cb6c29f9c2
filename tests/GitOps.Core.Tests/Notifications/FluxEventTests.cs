using GitOps.Notifications;

namespace GitOps.Core.Tests.Notifications;

public sealed class FluxEventTests
{
    internal static readonly FluxEvent Sample = new()
    {
        InvolvedObject = new EventObjectReference("Kustomization", "apps", "webapp") { Uid = "7d0c", ApiVersion = "kustomize.toolkit.fluxcd.io/v1" },
        Severity = EventSeverity.Error,
        Timestamp = new DateTimeOffset(2026, 12, 5, 20, 15, 30, 789, TimeSpan.FromHours(1)),
        Message = "Health check failed <after> 5s & \"retries\"\nnext: ü ☃",
        Reason = "HealthCheckFailed",
        Metadata = new Dictionary<string, string> { ["revision"] = "main@sha1:abc", ["kustomize.toolkit.fluxcd.io/a<b"] = "x" },
        ReportingController = "kustomize-controller",
    };

    // What Go's json.Marshal writes for the same eventv1.Event: struct order, omitempty, HTML escapes, sorted map keys, RFC 3339 UTC seconds.
    internal const string SampleJson = """
        {"involvedObject":{"kind":"Kustomization","namespace":"apps","name":"webapp","uid":"7d0c","apiVersion":"kustomize.toolkit.fluxcd.io/v1"},"severity":"error","timestamp":"2026-12-05T19:15:30Z","message":"Health check failed \u003cafter\u003e 5s \u0026 \"retries\"\nnext: ü ☃","reason":"HealthCheckFailed","metadata":{"kustomize.toolkit.fluxcd.io/a\u003cb":"x","revision":"main@sha1:abc"},"reportingController":"kustomize-controller"}
        """;

    [Test]
    public void The_event_serialises_as_Go_json_Marshal_does() =>
        Assert.That(Sample.ToJson(), Is.EqualTo(SampleJson));

    [Test]
    public void Empty_optional_fields_are_omitted_and_a_zero_time_is_null()
    {
        var bare = new FluxEvent { InvolvedObject = new EventObjectReference("", "", "n") };

        Assert.That(bare.ToJson(), Is.EqualTo("""{"involvedObject":{"name":"n"},"severity":"info","timestamp":null,"message":"","reason":"","reportingController":""}"""));
    }

    [Test]
    public void The_reporting_instance_and_control_characters_are_written_as_Go_writes_them()
    {
        var e = Sample with { Metadata = new Dictionary<string, string>(), Message = "a\u0001\tb\u2028", ReportingInstance = "kc-1" };

        Assert.That(e.ToJson(), Does.EndWith("""
            "message":"a\u0001\tb\u2028","reason":"HealthCheckFailed","reportingController":"kustomize-controller","reportingInstance":"kc-1"}
            """));
    }

    [Test]
    public void For_an_alert_prefixed_keys_lose_their_prefix_with_Flux_precedence()
    {
        var e = Sample with
        {
            Metadata = new Dictionary<string, string>
            {
                ["event.toolkit.fluxcd.io/env"] = "from-event-group",
                ["event.toolkit.fluxcd.io/team"] = "platform",
                ["kustomize.toolkit.fluxcd.io/revision"] = "main@sha1:1234",
                ["kustomize.toolkit.fluxcd.io/env"] = "from-object-group",
                ["kustomize.toolkit.fluxcd.io/token"] = "secret-token",
                ["plain"] = "dropped when anything was combined",
            },
        };

        var forwarded = e.ForAlert(new Dictionary<string, string> { ["cluster"] = "prod", ["team"] = "alert" }, summary: "sum");

        Assert.That(forwarded.Metadata, Is.EquivalentTo(new Dictionary<string, string>
        {
            ["env"] = "from-object-group",
            ["team"] = "alert",
            ["revision"] = "main@sha1:1234",
            ["cluster"] = "prod",
            ["summary"] = "sum",
        }));
    }

    [Test]
    public void For_an_alert_unprefixed_metadata_stays_when_nothing_is_combined_but_the_token_goes()
    {
        var e = Sample with { Metadata = new Dictionary<string, string> { ["plain"] = "kept", ["kustomize.toolkit.fluxcd.io/token"] = "t" } };

        Assert.That(e.ForAlert().Metadata, Is.EquivalentTo(new Dictionary<string, string> { ["plain"] = "kept" }));
    }

    [TestCase("Kustomization/apps/webapp", "Kustomization", "apps", "webapp")]
    public void An_object_reference_parses_from_kind_namespace_name(string text, string kind, string ns, string name) =>
        Assert.That(EventObjectReference.Parse(text), Is.EqualTo(new EventObjectReference(kind, ns, name)));

    [TestCase("Kustomization/webapp")]
    [TestCase("a//b")]
    public void A_malformed_object_reference_is_refused(string text) =>
        Assert.That(() => EventObjectReference.Parse(text), Throws.TypeOf<FormatException>());
}
