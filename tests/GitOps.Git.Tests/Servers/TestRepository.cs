namespace GitOps.Git.Tests.Servers;

/// <summary>
/// The bare repositories the servers serve, made with the git CLI: <c>app.git</c> with branches <c>main</c> and
/// <c>dev</c>, tags <c>v1.0.0</c> (lightweight), <c>v1.1.0</c> (annotated), <c>v2.0.0-rc.1</c>, <c>v2.0.0</c>,
/// <c>v2.1.0</c> and <c>not-a-version</c>, a pull-request ref <c>refs/pull/1/head</c>, a submodule <c>vendor/sub</c>
/// (relative URL <c>../sub.git</c>) which has its own submodule <c>nested</c> (<c>../nested.git</c>), and files in <c>deploy/app</c>, <c>deploy/other</c> plus a <c>.sourceignore</c>.
/// </summary>
internal sealed class TestRepository
{
    private readonly Dictionary<string, string> _commits = new(StringComparer.Ordinal);

    private TestRepository(string root) => Root = root;

    /// <summary>The folder holding <c>app.git</c> and <c>sub.git</c>.</summary>
    public string Root { get; }

    public string AppPath => Path.Combine(Root, "app.git");

    /// <summary>The commit id each ref (<c>main</c>, <c>dev</c>, <c>v1.0.0</c>, <c>first</c>, <c>pull</c>, …) points to.</summary>
    public string Commit(string name) => _commits[name];

    public static TestRepository Create(string root)
    {
        var repo = new TestRepository(root);
        var work = Path.Combine(root, "work");
        var nested = Path.Combine(root, "nested-work");
        Directory.CreateDirectory(nested);
        ServerProcess.Git(nested, "init", "-q", "-b", "main");
        File.WriteAllText(Path.Combine(nested, "nested.txt"), "nested submodule\n");
        ServerProcess.Git(nested, "add", "-A");
        ServerProcess.Git(nested, "commit", "-q", "-m", "nested");
        ServerProcess.Git(root, "clone", "-q", "--bare", nested, Path.Combine(root, "nested.git"));
        var sub = Path.Combine(root, "sub-work");
        Directory.CreateDirectory(sub);
        ServerProcess.Git(sub, "init", "-q", "-b", "main");
        File.WriteAllText(Path.Combine(sub, "sub.txt"), "submodule\n");
        ServerProcess.Run("git", sub, null, "-c", "protocol.file.allow=always", "submodule", "add", "-q", "../nested.git", "nested");
        ServerProcess.Git(sub, "add", "-A");
        ServerProcess.Git(sub, "commit", "-q", "-m", "sub");
        ServerProcess.Git(root, "clone", "-q", "--bare", sub, Path.Combine(root, "sub.git"));

        Directory.CreateDirectory(work);
        ServerProcess.Git(work, "init", "-q", "-b", "main");
        Write(work, "deploy/app/kustomization.yaml", "resources: [deployment.yaml]\n");
        Write(work, "deploy/app/deployment.yaml", "kind: Deployment\nversion: 1\n");
        Write(work, "deploy/other/config.yaml", "other: true\n");
        Write(work, "README.md", "app\n");
        Write(work, "logo.png", "not really a png\n");
        Write(work, ".sourceignore", "*.md\n");
        ServerProcess.Git(work, "add", "-A");
        ServerProcess.Git(work, "commit", "-q", "-m", "first");
        repo._commits["first"] = Head(work);
        ServerProcess.Git(work, "tag", "v1.0.0");
        Write(work, "deploy/app/deployment.yaml", "kind: Deployment\nversion: 1.1\n");
        ServerProcess.Git(work, "commit", "-q", "-am", "one one");
        ServerProcess.Git(work, "tag", "-a", "v1.1.0", "-m", "release 1.1.0");
        repo._commits["v1.1.0"] = Head(work);
        Write(work, "deploy/app/deployment.yaml", "kind: Deployment\nversion: 2.0.0-rc.1\n");
        ServerProcess.Git(work, "commit", "-q", "-am", "two rc");
        ServerProcess.Git(work, "tag", "v2.0.0-rc.1");
        Write(work, "deploy/app/deployment.yaml", "kind: Deployment\nversion: 2.0.0\n");
        ServerProcess.Git(work, "commit", "-q", "-am", "two");
        ServerProcess.Git(work, "tag", "-a", "v2.0.0", "-m", "release 2.0.0");
        ServerProcess.Git(work, "tag", "not-a-version");
        Write(work, "deploy/app/deployment.yaml", "kind: Deployment\nversion: 2.1.0\n");
        ServerProcess.Git(work, "commit", "-q", "-am", "two one");
        ServerProcess.Git(work, "tag", "v2.1.0");
        repo._commits["v2.1.0"] = Head(work);
        ServerProcess.Run("git", work, null, "-c", "protocol.file.allow=always", "submodule", "add", "-q", "../sub.git", "vendor/sub");
        ServerProcess.Git(work, "commit", "-q", "-m", "add submodule");
        Write(work, "deploy/app/deployment.yaml", "kind: Deployment\nversion: main\n");
        ServerProcess.Git(work, "commit", "-q", "-am", "main head");
        repo._commits["main"] = Head(work);
        ServerProcess.Git(work, "checkout", "-q", "-b", "dev", "v1.1.0");
        Write(work, "deploy/app/deployment.yaml", "kind: Deployment\nversion: dev\n");
        ServerProcess.Git(work, "commit", "-q", "-am", "dev head");
        repo._commits["dev"] = Head(work);
        ServerProcess.Git(work, "checkout", "-q", "-b", "pr", "main");
        Write(work, "deploy/app/deployment.yaml", "kind: Deployment\nversion: pull\n");
        ServerProcess.Git(work, "commit", "-q", "-am", "pull request");
        repo._commits["pull"] = Head(work);
        ServerProcess.Git(work, "checkout", "-q", "main");
        ServerProcess.Git(root, "clone", "-q", "--bare", work, repo.AppPath);
        ServerProcess.Git(repo.AppPath, "update-ref", "refs/pull/1/head", repo._commits["pull"]);
        ServerProcess.Git(repo.AppPath, "branch", "-D", "pr");
        ServerProcess.Git(repo.AppPath, "config", "http.receivepack", "true");
        ServerProcess.Git(repo.AppPath, "config", "uploadpack.allowFilter", "true");
        return repo;
    }

    /// <summary>A writable copy of app.git for push tests.</summary>
    public string CopyForPush(string name)
    {
        var path = Path.Combine(Root, name);
        ServerProcess.Git(Root, "clone", "-q", "--bare", AppPath, path);
        ServerProcess.Git(path, "config", "http.receivepack", "true");
        ServerProcess.Git(path, "config", "daemon.receivepack", "true");
        return path;
    }

    private static string Head(string work) => ServerProcess.Git(work, "rev-parse", "HEAD").Trim();

    private static void Write(string root, string relative, string content)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }
}
