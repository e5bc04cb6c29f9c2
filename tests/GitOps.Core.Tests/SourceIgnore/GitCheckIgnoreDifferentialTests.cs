using System.Diagnostics;
using GitOps.SourceIgnore;
using GitOps.Testing;

namespace GitOps.Core.Tests.SourceIgnore;

/// <summary>
/// The ignore matcher against the real thing: each case writes its ignore files as <c>.gitignore</c> into a
/// fresh git repository with the tree, asks <c>git check-ignore --no-index</c> about every path, and asks
/// <see cref="IgnoreMatcher.IsIgnored"/> about the same paths read from the same files.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class GitCheckIgnoreDifferentialTests
{
    /// <summary>One case: ignore files by folder ("" is the root), and the tree (directories end in '/').</summary>
    public sealed record IgnoreCase(string Name, (string Folder, string Content)[] IgnoreFiles, string[] Tree)
    {
        public override string ToString() => Name;
    }

    private static readonly string[] CommonTree =
    [
        "README.md", "main.go", "a.txt", "b.txt", "abc.txt", "a.md", ".hidden", "foo", "Foo.txt", "x y.txt", "#notes", "!bang", "tail ",
        "build/", "build/out.o", "build/keep.txt", "build/sub/", "build/sub/deep.o",
        "docs/", "docs/index.md", "docs/img.png", "docs/build/", "docs/build/x.html", "docs/foo/", "docs/foo/bar.txt",
        "src/", "src/app.go", "src/app_test.go", "src/lib/", "src/lib/util.go", "src/lib/foo", "src/foo/", "src/foo/bar/", "src/foo/bar/baz.go",
        "a/", "a/b/", "a/b/c/", "a/b/c/d.txt", "a/x/", "a/x/b/", "a/x/b/c.txt", "a/b.txt",
        "logs/", "logs/app.log", "logs/2024/", "logs/2024/jan.log", "logs/.keep",
        "node_modules/", "node_modules/pkg/", "node_modules/pkg/index.js",
        "deploy/", "deploy/base/", "deploy/base/kustomization.yaml", "deploy/base/secret.enc.yaml", "deploy/prod/", "deploy/prod/kustomization.yaml",
        "[x].txt", "a1.txt", "a2.txt", "aZ.txt", "a-.txt",
    ];

    private static IgnoreCase C(string name, string rootIgnore) => new(name, [(string.Empty, rootIgnore)], CommonTree);

    public static IEnumerable<IgnoreCase> Cases()
    {
        yield return C("extension glob", "*.txt\n");
        yield return C("negation re-includes", "*.txt\n!a.txt\n");
        yield return C("later line wins", "!a.txt\n*.txt\n");
        yield return C("directory only", "build/\n");
        yield return C("name matches file and directory at any depth", "foo\n");
        yield return C("anchored with leading slash", "/foo\n");
        yield return C("anchored by a middle slash", "docs/build\n");
        yield return C("middle slash without leading slash is anchored", "foo/bar\n");
        yield return C("leading double star", "**/foo\n");
        yield return C("leading double star with more path", "**/foo/bar\n");
        yield return C("trailing double star", "logs/**\n");
        yield return C("trailing double star then re-include", "logs/**\n!logs/.keep\n");
        yield return C("middle double star", "a/**/c.txt\n");
        yield return C("middle double star matching zero folders", "a/**/b.txt\n");
        yield return C("double star not next to a slash is a star", "a**.txt\n");
        yield return C("single star does not cross a slash", "a/*/c.txt\n");
        yield return C("question mark", "a?.txt\n");
        yield return C("character range", "a[0-9].txt\n");
        yield return C("negated class with !", "a[!0-9].txt\n");
        yield return C("negated class with ^", "a[^0-9].txt\n");
        yield return C("named class", "a[[:upper:]].txt\n");
        yield return C("class with a literal dash", "a[-1].txt\n");
        yield return C("escaped bracket", "\\[x\\].txt\n");
        yield return C("escaped hash is literal", "\\#notes\n");
        yield return C("hash starts a comment", "#notes\n");
        yield return C("escaped bang is literal", "\\!bang\n");
        yield return C("trailing spaces are dropped", "a.txt   \n");
        yield return C("escaped trailing space is kept", "tail\\ \n");
        yield return C("space inside a name", "x y.txt\n");
        yield return C("cannot re-include inside an ignored directory", "build/\n!build/keep.txt\n");
        yield return C("re-include a directory, then its contents", "/*\n!/src\n/src/*\n!/src/lib\n");
        yield return C("ignore everything but markdown", "*\n!*/\n!*.md\n");
        yield return C("dot files", ".*\n");
        yield return C("case sensitive", "foo.txt\n");
        yield return C("directory pattern with trailing double star and slash", "node_modules/**/\n");
        yield return C("anchored directory only", "/build/\n");
        yield return C("encrypted files in kustomize trees", "*.enc.yaml\n!deploy/base/secret.enc.yaml\n");
        yield return C("star alone", "*\n");
        yield return C("slash star", "/*\n");
        yield return C("blank lines and comments only", "\n# nothing here\n   \n");
        yield return C("CRLF line endings", "*.txt\r\n!a.txt\r\n");
        yield return new("nested file scoped to its folder", [(string.Empty, "*.o\n"), ("docs", "*.md\n/build\n")], CommonTree);
        yield return new("nested negation overrides the parent", [(string.Empty, "*.txt\n"), ("a", "!*.txt\n")], CommonTree);
        yield return new("nested anchored pattern is relative to its folder", [("src", "/foo\nlib/foo\n")], CommonTree);
        yield return new("nested file inside an ignored folder is never read", [(string.Empty, "logs/\n"), ("logs", "!*.log\n")], CommonTree);
        yield return new("nested double star", [("a", "**/c.txt\n")], CommonTree);
        yield return new(
            "many stars, remembered results give git's answers",
            [(string.Empty, "*a*a*a*a*b\n/d/**/a*a*a*c\n")],
            ["aaaaaaaaaaaaz", "aaaaaaaaaaab", "abababab", "bbbb", "aab", "d/", "d/aaaaaaac", "d/x/", "d/x/aaac", "d/x/aaaaaaaz", "d/x/a/", "d/x/a/aac"]);
        yield return new("deep nested directory only", [("src/foo", "bar/\n")], CommonTree);
    }

    [TestCaseSource(nameof(Cases))]
    public void The_matcher_agrees_with_git_check_ignore(IgnoreCase ignoreCase)
    {
        using var repo = new TemporaryDirectory();
        foreach (var entry in ignoreCase.Tree)
        {
            if (entry.EndsWith('/'))
            {
                Directory.CreateDirectory(repo.Combine(entry.TrimEnd('/')));
            }
            else
            {
                repo.WriteFile(entry, "x");
            }
        }

        var patterns = new List<IgnorePattern>();
        foreach (var (folder, content) in ignoreCase.IgnoreFiles)
        {
            repo.WriteFile(Path.Combine(folder, ".gitignore"), content);
            var domain = folder.Length == 0 ? Array.Empty<string>() : folder.Split('/');
            patterns.AddRange(SourceIgnoreRules.ReadPatterns(new StringReader(content), domain));
        }

        var paths = ignoreCase.Tree.Select(e => e.TrimEnd('/')).ToList();
        var gitIgnored = GitCheckIgnore(repo.Path, paths);
        var matcher = new IgnoreMatcher(patterns);
        var ours = ignoreCase.Tree.Where(e => matcher.IsIgnored(e.TrimEnd('/'), e.EndsWith('/'))).Select(e => e.TrimEnd('/')).ToHashSet();

        var disagreements = paths
            .Where(p => gitIgnored.Contains(p) != ours.Contains(p))
            .Select(p => $"{p}: git {(gitIgnored.Contains(p) ? "ignores" : "keeps")}, matcher {(ours.Contains(p) ? "ignores" : "keeps")}")
            .ToList();
        TestContext.Out.WriteLine($"git ignores {gitIgnored.Count} of {paths.Count}: {string.Join(", ", gitIgnored.Order(StringComparer.Ordinal))}");
        Assert.That(disagreements, Is.Empty);
    }

    [Test]
    public void The_table_ignores_and_keeps_something()
    {
        // Guards against a broken harness where git (or the matcher) ignores nothing at all.
        using var repo = new TemporaryDirectory();
        repo.WriteFile(".gitignore", "*.txt\n");
        repo.WriteFile("a.txt", "x");
        repo.WriteFile("b.md", "x");

        Assert.That(GitCheckIgnore(repo.Path, ["a.txt", "b.md"]), Is.EquivalentTo(new[] { "a.txt" }));
    }

    private static HashSet<string> GitCheckIgnore(string directory, IReadOnlyList<string> paths)
    {
        Git(directory, null, "init", "-q");
        var output = Git(directory, string.Join('\n', paths) + "\n", "-c", "core.excludesFile=/dev/null", "check-ignore", "--no-index", "--stdin");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
    }

    private static string Git(string directory, string? input, params string[] args)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        start.Environment["HOME"] = directory;
        using var git = Process.Start(start)!;
        if (input is not null)
        {
            git.StandardInput.Write(input);
        }

        git.StandardInput.Close();
        var stdout = git.StandardOutput.ReadToEndAsync();
        var stderr = git.StandardError.ReadToEnd();
        git.WaitForExit();
        Assert.That(git.ExitCode, Is.AnyOf(0, 1), $"git {string.Join(' ', args)} failed: {stderr}");
        return stdout.Result;
    }
}
