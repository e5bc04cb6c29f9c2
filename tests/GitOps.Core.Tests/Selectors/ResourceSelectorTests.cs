using GitOps.Selectors;
using GitOps.Ssa.Values;

namespace GitOps.Core.Tests.Selectors;

public sealed class ResourceSelectorTests
{
    private static readonly SsaValue Deployment = SsaValue.ParseYaml("""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: shop
          labels: {app: web, tier: front}
          annotations: {team: blue}
        """)!;

    [Test]
    public void Every_set_field_must_match_and_unset_fields_match_everything()
    {
        Assert.Multiple(() =>
        {
            Assert.That(new ResourceSelector().Matches(Deployment), Is.True);
            Assert.That(new ResourceSelector { Group = "apps", Version = "v1", Kind = "Deployment", Name = "web", Namespace = "shop" }.Matches(Deployment), Is.True);
            Assert.That(new ResourceSelector { Group = "batch", Kind = "Deployment" }.Matches(Deployment), Is.False);
            Assert.That(new ResourceSelector { LabelSelector = "app=web,tier in (front)", AnnotationSelector = "team" }.Matches(Deployment), Is.True);
            Assert.That(new ResourceSelector { AnnotationSelector = "team=red" }.Matches(Deployment), Is.False);
        });
    }

    [Test]
    public void Names_are_anchored_regular_expressions()
    {
        Assert.Multiple(() =>
        {
            Assert.That(new ResourceSelector { Kind = "Deploy" }.Matches(Deployment), Is.False);
            Assert.That(new ResourceSelector { Kind = "Deploy.*", Name = "w.b" }.Matches(Deployment), Is.True);
        });
    }

    [Test]
    public void A_malformed_label_selector_is_a_format_exception()
    {
        Assert.That(() => new ResourceSelector { LabelSelector = "app in web" }.Matches(Deployment), Throws.TypeOf<FormatException>());
    }
}
