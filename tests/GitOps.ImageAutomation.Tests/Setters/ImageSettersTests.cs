using GitOps.ImageAutomation.Setters;
using GitOps.Testing;

namespace GitOps.ImageAutomation.Tests.Setters;

/// <summary>
/// Setters against our own before/after fixtures (TestData/setters), built after the cases of
/// image-automation-controller's internal/update/testdata/setters: full refs, :name/:tag/:digest in a
/// kustomization, a literal block left alone, a Kustomization file, other namespaces and unmarked files.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class ImageSettersTests
{
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    internal static readonly ImagePolicyResult[] Policies =
    [
        new("automation-ns", "app", new ImageRef("registry.example/team/app", "v2.3.4")),
        new("automation-ns", "same", new ImageRef("sidecar", "2.0.0")),
        new("automation-ns", "pinned", new ImageRef("pinned", "1.4.0", Digest)),
        new("automation-ns", "numeric", new ImageRef("web", "20240101")),
    ];

    private static string Fixture(string part) => Path.Combine(TestContext.CurrentContext.TestDirectory, "TestData", "setters", part);

    [Test]
    public async Task Marked_files_match_the_golden_files_and_nothing_else_changes()
    {
        using var work = new TemporaryDirectory();
        CopyTree(Fixture("original"), work.Path);

        var result = await new ImageSetters().ApplyAsync(work.Path, Policies);

        var expected = Directory.GetFiles(Fixture("expected"), "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Fixture("expected"), f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(result.Files.Select(f => f.Path), Is.EqualTo(new[] { "Kustomization", "kustomization.yml", "marked.yaml", "nested/multi.yaml" }));
            Assert.That(result.Files.Select(f => f.Path).Order(StringComparer.Ordinal), Is.EqualTo(expected));
            Assert.That(result.ProblemFiles, Is.EqualTo(new[] { "broken.yaml" }));
            foreach (var file in Directory.GetFiles(Fixture("original"), "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(Fixture("original"), file);
                var golden = Path.Combine(Fixture("expected"), relative);
                var want = File.Exists(golden) ? File.ReadAllText(golden) : File.ReadAllText(file);
                Assert.That(File.ReadAllText(Path.Combine(work.Path, relative)), Is.EqualTo(want), relative);
            }

            Assert.That(Directory.GetFiles(work.Path, "*.tmp", SearchOption.AllDirectories), Is.Empty);
        });
    }

    [Test]
    public async Task Changes_are_reported_per_file_object_and_setter()
    {
        using var work = new TemporaryDirectory();
        CopyTree(Fixture("original"), work.Path);

        var result = await new ImageSetters().ApplyAsync(work.Path, Policies);

        var marked = result.Files.Single(f => f.Path == "marked.yaml").Objects.Single();
        var multi = result.Files.Single(f => f.Path == "nested/multi.yaml").Objects.Single();
        var kustomization = result.Files.Single(f => f.Path == "kustomization.yml").Objects.Single();
        Assert.Multiple(() =>
        {
            Assert.That(marked.Resource, Is.EqualTo(new ObjectIdentifier("batch/v1", "CronJob", "nightly", "jobs")));
            Assert.That(marked.Changes.Select(c => (c.Setter, c.OldValue, c.NewValue)), Is.EqualTo(new[] { ("automation-ns:app", "worker:1.0.0", "registry.example/team/app:v2.3.4") }));
            Assert.That(multi.Resource, Is.EqualTo(new ObjectIdentifier("apps/v1", "Deployment", "web", "apps")));
            Assert.That(multi.Changes.Select(c => c.Setter), Is.EqualTo(new[] { "automation-ns:numeric", "automation-ns:numeric:tag", "automation-ns:numeric:tag" }));
            Assert.That(kustomization.Resource, Is.EqualTo(new ObjectIdentifier("kustomize.config.k8s.io/v1beta1", "Kustomization", "", "")));
            Assert.That(kustomization.Changes.Select(c => c.Setter), Is.EqualTo(new[] { "automation-ns:app:name", "automation-ns:app:tag", "automation-ns:pinned:digest", "automation-ns:pinned" }));
            Assert.That(result.UpdatedImages, Is.EqualTo(new[] { "pinned:1.4.0@" + Digest, "registry.example/team/app:v2.3.4", "web:20240101" }));
        });
    }

    [Test]
    public async Task A_second_run_changes_nothing()
    {
        using var work = new TemporaryDirectory();
        CopyTree(Fixture("original"), work.Path);
        await new ImageSetters().ApplyAsync(work.Path, Policies);

        var again = await new ImageSetters().ApplyAsync(work.Path, Policies);

        Assert.That(again.Files, Is.Empty);
    }

    [Test]
    public async Task A_link_to_a_file_outside_the_root_is_neither_read_nor_written()
    {
        using var outside = new TemporaryDirectory();
        using var work = new TemporaryDirectory();
        var secret = outside.WriteFile("outside.yaml", "image: worker:1.0.0 # {\"$imagepolicy\": \"automation-ns:app\"}\n");
        File.CreateSymbolicLink(work.Combine("escape.yaml"), secret);
        Directory.CreateDirectory(work.Combine("dir"));
        File.CreateSymbolicLink(work.Combine("dir", "inside.yaml"), work.WriteFile("real.yaml", "image: worker:1.0.0 # {\"$imagepolicy\": \"automation-ns:app\"}\n"));

        var result = await new ImageSetters().ApplyAsync(work.Path, Policies);

        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(secret), Does.Contain("worker:1.0.0"));
            Assert.That(result.Files.Select(f => f.Path), Is.EqualTo(new[] { "dir/inside.yaml", "real.yaml" }));
            Assert.That(File.ReadAllText(work.Combine("real.yaml")), Does.StartWith("image: registry.example/team/app:v2.3.4 #"));
        });
    }

    [TestCase("image: a:1 # {\"$imagepolicy\": \"automation-ns:app\", \"other\": \"x\"}\n", true, TestName = "Extra string keys in the marker are fine")]
    [TestCase("image: a:1 # {\"$ref\": \"#/definitions/io.k8s.cli.setters.automation-ns:app\"}\n# \"$imagepolicy\"\n", true, TestName = "The long $ref form is a marker in a screened file")]
    [TestCase("image: a:1 # {\"$ref\": \"#/definitions/io.k8s.cli.setters.automation-ns:app\"}\n", false, TestName = "A file without the quoted token is not read")]
    [TestCase("image: a:1 ## {\"$imagepolicy\": \"automation-ns:app\"}\n", true, TestName = "Several hashes are trimmed")]
    [TestCase("image: a:1 # {\"$imagepolicy\": \"automation-ns:app\"} trailing\n", false, TestName = "Text after the JSON is not a marker")]
    [TestCase("image: a:1 # {\"$imagepolicy\": 1}\n# \"$imagepolicy\"\n", false, TestName = "A non-string value is not a marker")]
    [TestCase("# {\"$imagepolicy\": \"automation-ns:app\"}\nimage: a:1\n", false, TestName = "A comment on its own line is not a marker")]
    [TestCase("? image # {\"$imagepolicy\": \"automation-ns:app\"}\n: a:1\n", false, TestName = "Keys are never set")]
    public async Task Markers_are_read_as_kyaml_reads_line_comments(string yaml, bool changes)
    {
        using var work = new TemporaryDirectory();
        work.WriteFile("f.yaml", yaml);

        var result = await new ImageSetters().ApplyAsync(work.Path, Policies);

        Assert.That(result.Files, Has.Count.EqualTo(changes ? 1 : 0));
    }

    [TestCase("v: a # {\"$imagepolicy\": \"automation-ns:t:tag\"}\n", "1.5", "v: \"1.5\" #", TestName = "A float-looking tag is quoted")]
    [TestCase("v: a # {\"$imagepolicy\": \"automation-ns:t:tag\"}\n", "yes", "v: \"yes\" #", TestName = "A YAML 1.1 boolean is quoted")]
    [TestCase("v: a # {\"$imagepolicy\": \"automation-ns:t:tag\"}\n", "v1", "v: v1 #", TestName = "A plain string stays plain")]
    [TestCase("v: 'a' # {\"$imagepolicy\": \"automation-ns:t:tag\"}\n", "it's", "v: 'it''s' #", TestName = "Single quotes are kept and doubled")]
    public async Task New_values_are_quoted_as_kyaml_quotes_them(string yaml, string tag, string expectedStart)
    {
        using var work = new TemporaryDirectory();
        work.WriteFile("f.yaml", yaml);

        await new ImageSetters().ApplyAsync(work.Path, [new ImagePolicyResult("automation-ns", "t", new ImageRef("img", tag))]);

        Assert.That(File.ReadAllText(work.Combine("f.yaml")), Does.StartWith(expectedStart));
    }

    [TestCase("app:v1", "app", "v1", null)]
    [TestCase("ghcr.io:5000/org/app:1.0@sha256:abcd", "ghcr.io:5000/org/app", "1.0", "sha256:abcd")]
    public void Image_refs_parse_into_name_tag_and_digest(string text, string name, string tag, string? digest) =>
        Assert.That(ImageRef.Parse(text), Is.EqualTo(new ImageRef(name, tag, digest)));

    [TestCase("app")]
    [TestCase("host:5000/app")]
    [TestCase("app:")]
    [TestCase("app:v1@sha256")]
    public void Image_refs_without_a_tag_are_refused(string text) =>
        Assert.That(() => ImageRef.Parse(text), Throws.TypeOf<FormatException>());

    internal static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
