using System.Formats.Tar;
using System.IO.Compression;
using GitOps.Artifacts.Packaging;
using GitOps.Git.Artifacts;
using GitOps.Git.Checkout;
using GitOps.Git.Clients;
using GitOps.Git.Tests.Servers;
using GitOps.Testing;

namespace GitOps.Git.Tests.Artifacts;

/// <summary>
/// <see cref="GitArtifactBuilder"/> packs a <see cref="GitClient"/>'s fetch straight from the commit's tree; any other
/// reader's clone is packed from its checkout. Both must give the same bytes for the same commit.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class GitTreePackingTests
{
    public enum Layout
    {
        Mixed,
        NoSourceIgnore,
        CrlfAttributes,
    }

    [TestCase(Layout.Mixed, Transport.Git)]
    [TestCase(Layout.Mixed, Transport.HttpBasic)]
    [TestCase(Layout.NoSourceIgnore, Transport.Git)]
    [TestCase(Layout.CrlfAttributes, Transport.Git)]
    public async Task Packing_the_tree_gives_the_same_bytes_as_packing_the_checkout(Layout layout, Transport transport)
    {
        var servers = GitServers.Get();
        var name = $"tree-{layout}-{transport}-{Guid.NewGuid():N}.git";
        Create(servers.Repository.Root, name, layout);
        using var temp = new TemporaryDirectory();
        var clone = new CloneOptions { Strategy = CheckoutStrategy.ForBranch("main") };
        var pack = layout == Layout.NoSourceIgnore ? null : new PackOptions { Ignore = "/extra-ignored.yaml\n" };

        var fromTree = await new GitArtifactBuilder(new GitClient()).BuildAsync(servers.Url(transport, name), clone, temp.Combine("tree.tar.gz"), servers.Auth(transport), pack);
        var fromCheckout = await new GitArtifactBuilder(new GitCliClient()).BuildAsync(servers.Url(transport, name), clone, temp.Combine("checkout.tar.gz"), servers.Auth(transport), pack);

        Assert.That(fromTree.Artifact!.Digest, Is.EqualTo(fromCheckout.Artifact!.Digest));
        Assert.That(File.ReadAllBytes(temp.Combine("tree.tar.gz")), Is.EqualTo(File.ReadAllBytes(temp.Combine("checkout.tar.gz"))));
        var entries = Entries(temp.Combine("tree.tar.gz"));
        Assert.That(entries.Keys, Has.None.StartsWith(".git"));
        Assert.That(entries.ContainsKey("extra-ignored.yaml"), Is.EqualTo(pack is null));
        switch (layout)
        {
            case Layout.Mixed:
                Assert.That(entries["bin/run.sh"].Mode, Is.EqualTo((UnixFileMode)ArtifactPackager.ExecutableMode));
                Assert.That(entries["deploy/app.yaml"].Mode, Is.EqualTo((UnixFileMode)ArtifactPackager.FileMode));
                Assert.That(entries.Keys, Has.None.StartsWith("link"), "symbolic links are never packed");
                Assert.That(entries.Keys, Does.Contain("vendor/lib/"), "a submodule is the empty folder a checkout leaves");
                Assert.That(entries.Keys, Does.Contain("deploy/keep.md"), "a nested .sourceignore re-includes it");
                Assert.That(entries.Keys, Has.None.EqualTo("README.md"));
                Assert.That(entries.Keys, Has.None.StartsWith("ignored/"));
                Assert.That(entries.Keys, Does.Contain("ünïcode/" + new string('d', 120) + "/file.yaml"));
                Assert.That(entries.Keys, Does.Contain("logo.png"), "a .sourceignore replaces Flux's default exclusions");
                break;
            case Layout.NoSourceIgnore:
                Assert.That(entries.Keys, Does.Contain("deploy/app.yaml"));
                Assert.That(entries.Keys, Has.None.EqualTo("logo.png"), "Flux's default exclusions apply when there are no rules");
                break;
            case Layout.CrlfAttributes:
                Assert.That(entries["deploy/app.yaml"].Content, Does.Contain("\r\n"), ".gitattributes conversions are those of the checkout");
                break;
        }
    }

    private static void Create(string root, string name, Layout layout)
    {
        var work = Path.Combine(root, name + "-work");
        Directory.CreateDirectory(work);
        ServerProcess.Git(work, "init", "-q", "-b", "main");
        Write(work, "deploy/app.yaml", "kind: Deployment\nname: app\n");
        Write(work, "logo.png", "not really a png\n");
        Write(work, "extra-ignored.yaml", "ignored through PackOptions.Ignore\n");
        if (layout == Layout.Mixed)
        {
            Write(work, ".sourceignore", "*.md\n/ignored/\n");
            Write(work, "deploy/.sourceignore", "!keep.md\n");
            Write(work, "deploy/keep.md", "kept\n");
            Write(work, "README.md", "dropped\n");
            Write(work, "ignored/a.yaml", "a: 1\n");
            Write(work, "bin/run.sh", "#!/bin/sh\necho run\n");
            Write(work, "empty.yaml", string.Empty);
            Write(work, "ünïcode/" + new string('d', 120) + "/file.yaml", "long: name\n");
            File.CreateSymbolicLink(Path.Combine(work, "link-to-file.yaml"), "deploy/app.yaml");
            File.CreateSymbolicLink(Path.Combine(work, "link-to-dir"), "deploy");
        }

        if (layout == Layout.CrlfAttributes)
        {
            Write(work, ".gitattributes", "*.yaml text eol=crlf\n");
        }

        ServerProcess.Git(work, "add", "-A");
        if (layout == Layout.Mixed)
        {
            ServerProcess.Git(work, "update-index", "--chmod=+x", "bin/run.sh");
            ServerProcess.Git(work, "update-index", "--add", "--cacheinfo", "160000," + new string('1', 40) + ",vendor/lib");
        }

        ServerProcess.Git(work, "commit", "-q", "-m", "tree");
        ServerProcess.Git(root, "clone", "-q", "--bare", work, Path.Combine(root, name));
    }

    private static Dictionary<string, (UnixFileMode Mode, string Content)> Entries(string archive)
    {
        using var file = File.OpenRead(archive);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        var entries = new Dictionary<string, (UnixFileMode, string)>(StringComparer.Ordinal);
        while (tar.GetNextEntry() is { } entry)
        {
            var content = entry.DataStream is { } data ? new StreamReader(data).ReadToEnd() : string.Empty;
            entries[entry.Name] = (entry.Mode, content);
        }

        return entries;
    }

    private static void Write(string root, string relative, string content)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }
}
