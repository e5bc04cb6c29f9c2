using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using GitOps.Artifacts;
using GitOps.Artifacts.Extraction;
using GitOps.Artifacts.Packaging;
using GitOps.Testing;
using Microsoft.Extensions.Time.Testing;

namespace GitOps.Core.Tests.Artifacts.Packaging;

[Parallelizable(ParallelScope.All)]
public sealed class ArtifactPackagerTests
{
    private static readonly (string Path, string Content)[] Tree =
    [
        ("deploy/base/kustomization.yaml", "resources:\n- deployment.yaml\n"),
        ("deploy/base/deployment.yaml", "apiVersion: apps/v1\nkind: Deployment\n"),
        ("deploy/overlays/prod/kustomization.yaml", "resources:\n- ../../base\n"),
        ("README.md", "# app\n"),
        ("a.txt", "a"),
        ("a/b.txt", "b"),
    ];

    private static void Write(TemporaryDirectory dir, IEnumerable<(string Path, string Content)> files)
    {
        foreach (var (path, content) in files)
        {
            dir.WriteFile(path, content);
        }
    }

    private static async Task<Artifact> PackAsync(string source, PackOptions? options = null)
    {
        using var output = new MemoryStream();
        return await new ArtifactPackager().PackToStreamAsync(source, output, options);
    }

    [Test]
    public async Task The_same_tree_packs_to_the_same_bytes_twice()
    {
        using var source = new TemporaryDirectory();
        Write(source, Tree);

        var first = await PackAsync(source.Path);
        var second = await PackAsync(source.Path);

        Assert.Multiple(() =>
        {
            Assert.That(second.Digest, Is.EqualTo(first.Digest));
            Assert.That(second.Size, Is.EqualTo(first.Size));
        });
    }

    [Test]
    public async Task The_same_tree_made_in_another_order_at_another_time_packs_to_the_same_digest()
    {
        using var one = new TemporaryDirectory();
        using var two = new TemporaryDirectory();
        Write(one, Tree);
        Write(two, Tree.Reverse());
        foreach (var file in Directory.GetFiles(two.Path, "*", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(file, new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc));
        }

        Assert.That((await PackAsync(two.Path)).Digest, Is.EqualTo((await PackAsync(one.Path)).Digest));
    }

    [Test]
    public async Task Any_change_in_content_changes_the_digest()
    {
        using var one = new TemporaryDirectory();
        using var two = new TemporaryDirectory();
        Write(one, Tree);
        Write(two, Tree);
        two.WriteFile("a.txt", "A");

        Assert.That((await PackAsync(two.Path)).Digest, Is.Not.EqualTo((await PackAsync(one.Path)).Digest));
    }

    [Test]
    public async Task Writes_a_file_whose_digest_and_size_are_those_returned()
    {
        using var source = new TemporaryDirectory();
        using var output = new TemporaryDirectory();
        Write(source, Tree);
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var revision = Revision.Parse("main@sha1:a94a8fe5ccb19ba61c4c0873d391e987982fbbd3");

        var artifact = await new ArtifactPackager(clock).PackAsync(source.Path, output.Combine("out", "app.tar.gz"), new PackOptions { Revision = revision });

        var bytes = await File.ReadAllBytesAsync(artifact.Path!);
        Assert.Multiple(() =>
        {
            Assert.That(artifact.Digest, Is.EqualTo(Digest.Compute(bytes)));
            Assert.That(artifact.Size, Is.EqualTo(bytes.Length));
            Assert.That(artifact.Revision, Is.EqualTo(revision));
            Assert.That(artifact.LastUpdateTime, Is.EqualTo(clock.GetUtcNow()));
            Assert.That(Directory.GetFiles(output.Combine("out")), Has.Length.EqualTo(1), "no temporary file left");
        });
    }

    [Test]
    public async Task Entries_are_sorted_with_fixed_modes_owners_and_times()
    {
        using var source = new TemporaryDirectory();
        Write(source, Tree);
        var script = source.WriteFile("bin/run.sh", "#!/bin/sh\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, (UnixFileMode)0b111_000_000);
            File.SetUnixFileMode(source.Combine("a.txt"), (UnixFileMode)0b110_110_110);
        }

        using var output = new MemoryStream();
        await new ArtifactPackager().PackToStreamAsync(source.Path, output);
        var bytes = output.ToArray();
        var entries = ReadEntries(bytes);

        Assert.Multiple(() =>
        {
            Assert.That(bytes[9], Is.EqualTo(255), "gzip OS byte");
            Assert.That(bytes.AsSpan(4, 4).ToArray(), Is.EqualTo(new byte[4]), "gzip time");
            Assert.That(entries.Select(e => e.Name), Is.EqualTo(entries.Select(e => e.Name).Order(StringComparer.Ordinal)));
            Assert.That(entries.Select(e => e.Name), Does.Contain("deploy/base/").And.Contain("a/").And.Contain("a.txt"));
            Assert.That(entries.All(e => e.Uid == 0 && e.Gid == 0 && ((PosixTarEntry)e).UserName.Length == 0 && e.ModificationTime == DateTimeOffset.UnixEpoch), Is.True);
            Assert.That(entries.Single(e => e.Name == "a/").Mode, Is.EqualTo((UnixFileMode)0b111_101_101));
            Assert.That(entries.Single(e => e.Name == "a.txt").Mode, Is.EqualTo((UnixFileMode)0b110_100_100));
            if (!OperatingSystem.IsWindows())
            {
                Assert.That(entries.Single(e => e.Name == "bin/run.sh").Mode, Is.EqualTo((UnixFileMode)0b111_100_100));
            }
        });
    }

    [Test]
    public async Task Round_trips_through_safe_extraction_including_long_and_unicode_names()
    {
        using var source = new TemporaryDirectory();
        using var target = new TemporaryDirectory();
        var longName = string.Join('/', Enumerable.Range(0, 12).Select(i => $"folder-number-{i:D2}")) + "/file.yaml";
        Write(source, [.. Tree, (longName, "long"), ("überprüfung/日本.yaml", "unicode"), (new string('n', 150) + ".txt", "wide")]);

        using var output = new MemoryStream();
        await new ArtifactPackager().PackToStreamAsync(source.Path, output);
        output.Position = 0;
        await new ArchiveExtractor().ExtractAsync(output, target.Combine("out"));

        foreach (var file in Directory.GetFiles(source.Path, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source.Path, file);
            Assert.That(File.ReadAllText(target.Combine("out", relative)), Is.EqualTo(File.ReadAllText(file)), relative);
        }
    }

    [Test]
    public void Without_ignore_rules_Flux_defaults_and_VCS_exclusions_apply()
    {
        using var source = new TemporaryDirectory();
        Write(source, [("app.yaml", "a"), (".git/config", "x"), (".gitignore", "x"), (".github/workflows/ci.yml", "x"), ("logo.png", "x"), ("deep/.sops.yaml", "x"), ("chart.tar.gz", "x")]);

        Assert.That(ArtifactPackager.ListEntries(source.Path), Is.EqualTo(new[] { "app.yaml", "deep/" }));
    }

    [Test]
    public void With_any_ignore_rule_only_the_VCS_exclusions_and_the_rules_apply()
    {
        using var source = new TemporaryDirectory();
        Write(source, [("app.yaml", "a"), (".git/config", "x"), (".github/ci.yml", "x"), ("logo.png", "x"), (".sourceignore", "*.tmp\n"), ("x.tmp", "x")]);

        Assert.That(ArtifactPackager.ListEntries(source.Path), Is.EqualTo(new[] { ".github/", ".github/ci.yml", ".sourceignore", "app.yaml", "logo.png" }));
    }

    [Test]
    public void Nested_sourceignore_files_apply_to_their_folder_and_extra_rules_come_last()
    {
        using var source = new TemporaryDirectory();
        Write(source,
        [
            (".sourceignore", "*.bak\n"),
            ("keep.yaml", "x"), ("old.bak", "x"),
            ("sub/.sourceignore", "*.yaml\n!important.bak\n"), ("sub/a.yaml", "x"), ("sub/important.bak", "x"), ("sub/b.txt", "x"),
            ("other/a.yaml", "x"), ("other/secret.txt", "x"),
        ]);

        var entries = ArtifactPackager.ListEntries(source.Path, new PackOptions { Ignore = "secret.txt\n" });

        Assert.That(entries, Is.EqualTo(new[] { ".sourceignore", "keep.yaml", "other/", "other/a.yaml", "sub/", "sub/.sourceignore", "sub/b.txt", "sub/important.bak" }));
    }

    [Test]
    public void Ignore_files_can_be_switched_off()
    {
        using var source = new TemporaryDirectory();
        Write(source, [(".sourceignore", "*.yaml\n"), ("a.yaml", "x"), ("logo.png", "x")]);

        var entries = ArtifactPackager.ListEntries(source.Path, new PackOptions { UseSourceIgnoreFiles = false });

        Assert.That(entries, Is.EqualTo(new[] { ".sourceignore", "a.yaml" }), "defaults apply again: no rules");
    }

    [Test]
    public void Built_in_exclusions_can_be_switched_off_leaving_only_the_rules()
    {
        using var source = new TemporaryDirectory();
        Write(source, [(".gitignore", "x"), ("a.yaml", "x"), ("logo.png", "x"), ("x.tmp", "x")]);

        var none = ArtifactPackager.ListEntries(source.Path, new PackOptions { ApplyBuiltInExclusions = false });
        var rules = ArtifactPackager.ListEntries(source.Path, new PackOptions { ApplyBuiltInExclusions = false, Ignore = "*.tmp\n" });

        Assert.Multiple(() =>
        {
            Assert.That(none, Is.EqualTo(new[] { ".gitignore", "a.yaml", "logo.png", "x.tmp" }));
            Assert.That(rules, Is.EqualTo(new[] { ".gitignore", "a.yaml", "logo.png" }));
        });
    }

    [Test]
    public void Symbolic_links_and_fifos_are_skipped()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("symbolic links and FIFOs need a Unix file system");
        }

        using var source = new TemporaryDirectory();
        using var outside = new TemporaryDirectory();
        outside.WriteFile("secret.txt", "secret");
        Write(source, [("a.yaml", "x"), ("dir/b.yaml", "x")]);
        File.CreateSymbolicLink(source.Combine("to-file"), source.Combine("a.yaml"));
        File.CreateSymbolicLink(source.Combine("to-outside"), outside.Combine("secret.txt"));
        Directory.CreateSymbolicLink(source.Combine("to-dir"), source.Combine("dir"));
        Directory.CreateSymbolicLink(source.Combine("to-outside-dir"), outside.Path);
        using (var mkfifo = Process.Start("mkfifo", source.Combine("pipe")))
        {
            mkfifo.WaitForExit();
        }

        Assert.That(ArtifactPackager.ListEntries(source.Path), Is.EqualTo(new[] { "a.yaml", "dir/", "dir/b.yaml" }));
    }

    [Test]
    public async Task An_output_file_inside_the_source_is_not_packed_into_itself()
    {
        using var source = new TemporaryDirectory();
        Write(source, Tree);

        var first = await new ArtifactPackager().PackAsync(source.Path, source.Combine("artifact.tar.gz"), new PackOptions { Ignore = "# none\nnothing\n" });
        var second = await new ArtifactPackager().PackAsync(source.Path, source.Combine("artifact.tar.gz"), new PackOptions { Ignore = "# none\nnothing\n" });

        Assert.That(ReadEntries(await File.ReadAllBytesAsync(second.Path!)).Select(e => e.Name), Does.Not.Contain("artifact.tar.gz"));
        Assert.That(second.Digest, Is.EqualTo(first.Digest));
    }

    private static List<TarEntry> ReadEntries(byte[] tarGz)
    {
        using var reader = new TarReader(new GZipStream(new MemoryStream(tarGz), CompressionMode.Decompress));
        var entries = new List<TarEntry>();
        while (reader.GetNextEntry() is { } entry)
        {
            entries.Add(entry);
        }

        return entries;
    }
}
