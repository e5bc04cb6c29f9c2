using GitOps.Testing;

namespace GitOps.Cli.Tests.Hostile;

/// <summary>
/// Issue #17's cases that printed stack traces or were accepted where Go refuses them, each run through the CLI as
/// a child process: one line on stderr, a non-zero exit, no stack trace, and nothing written. A refused connection
/// uses port 1 on 127.0.0.1, where nothing listens.
/// </summary>
public sealed class HostileArgumentTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private const string ConfigMap = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: b\n";

    private const string Crd = "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: xs.e.com\nspec:\n  group: e.com\n  names: {kind: X, plural: xs}\n  scope: Namespaced\n  versions:\n  - name: v1\n    served: true\n    storage: true\n    schema:\n      openAPIV3Schema: [1, 2]\n";

    private const string Refused = "http://127.0.0.1:1/";

    private static IEnumerable<TestCaseData> Cases()
    {
        yield return Case("--subresource bogus", "unsupported subresource \"bogus\"", "ssa", "apply", "cm.yaml", "--manager", "m", "--subresource", "bogus");
        yield return Case("a missing --live file", "--live missing.yaml: no such file", "ssa", "apply", "cm.yaml", "--manager", "m", "--live", "missing.yaml");
        yield return Case("--manager \"\"", "--manager must not be empty", "ssa", "apply", "cm.yaml", "--manager", string.Empty);
        yield return Case("a CRD with a non-object schema", "must be object at the root", "ssa", "apply", "cm.yaml", "--manager", "m", "--crd", "crd.yaml");
        yield return Case("a bad case in ssa batch", "case 2: invalid JSON", "ssa", "batch", "cases.jsonl");
        yield return Case("a refused connection to helm index", "Connection refused", "helm", "index", Refused);
        yield return Case("a refused connection to helm pull", "Connection refused", "helm", "pull", Refused, "demo", "--dest", "out");
        yield return Case("a refused connection to artifact fetch", "Connection refused", "artifact", "fetch", Refused + "a.tar.gz", "--no-digest", "--dest", "out");
        yield return Case("a file:// repository", "could not find protocol handler for: file", "helm", "pull", "file:///etc", "demo", "--dest", "out");
        yield return Case("a non-gzip .gz index", "not a gzip file", "helm", "index", "index.yaml.gz");
        yield return Case("--max-entries -1", "--max-entries must be between 1 and 2147483647, not -1 (see gitops artifact fetch --help)", "artifact", "fetch", Refused + "a.tar.gz", "--no-digest", "--dest", "out", "--max-entries", "-1");
        yield return Case("--max-entries beyond Int32", "--max-entries must be between 1 and 2147483647, not 99999999999999 (see gitops artifact fetch --help)", "artifact", "fetch", Refused + "a.tar.gz", "--no-digest", "--dest", "out", "--max-entries", "99999999999999");
        yield return Case("--retries -5", "--retries must be between 0 and 100, not -5 (see gitops helm index --help)", "helm", "index", Refused, "--retries", "-5");
        yield return Case("--max-download-bytes 0", "--max-download-bytes must be between 1 and 9223372036854775807, not 0 (see gitops artifact fetch --help)", "artifact", "fetch", Refused + "a.tar.gz", "--no-digest", "--dest", "out", "--max-download-bytes", "0");
        yield return Case("--max-index-bytes -1", "--max-index-bytes must be between 1 and 9223372036854775807, not -1 (see gitops helm index --help)", "helm", "index", Refused, "--max-index-bytes", "-1");
        yield return Case("--retries -5 on artifact fetch", "--retries must be between 0 and 100, not -5 (see gitops artifact fetch --help)", "artifact", "fetch", Refused + "a.tar.gz", "--no-digest", "--dest", "out", "--retries", "-5");
        yield return Case("--jobs 0", "--jobs must be between 1 and 1024, not 0 (see gitops ssa batch --help)", "ssa", "batch", "cases.jsonl", "--jobs", "0");
        yield return Case("--max-objects 0", "--max-objects must be between 1 and 2147483647, not 0 (see gitops bucket artifact --help)", "bucket", "artifact", "--endpoint", Refused, "--bucket", "b", "--access-key", "k", "--secret-key", "s", "-o", "out.tar.gz", "--max-objects", "0");
        yield return Case("--timeout -5 on oci pull", "--timeout must be between 0.001 and 2147483, not -5 (see gitops oci pull --help)", "oci", "pull", "oci://127.0.0.1:1/apps/x:1", "--dest", "out", "--timeout", "-5");
        yield return Case("--dest /", "refusing to replace the root directory '/'", "artifact", "fetch", Refused + "a.tar.gz", "--no-digest", "--dest", "/");
    }

    private static TestCaseData Case(string name, string message, params string[] args) =>
        new TestCaseData(message, args).SetArgDisplayNames(name);

    [TestCaseSource(nameof(Cases))]
    public async Task Is_one_line_on_stderr_with_a_non_zero_exit_and_nothing_written(string message, string[] args)
    {
        using var work = new TemporaryDirectory();
        work.WriteFile("cm.yaml", ConfigMap);
        work.WriteFile("crd.yaml", Crd);
        work.WriteFile("cases.jsonl", "{\"type\":\"__deduced\",\"live\":{\"a\":1},\"ops\":[]}\nnot json\n{\"bogus\":1}\n");
        work.WriteFile("index.yaml.gz", "apiVersion: v1\nentries: {}\n");
        var before = Directory.GetFileSystemEntries(work.Path).Order().ToArray();

        var run = await ChildCli.RunAsync(work.Path, Bound, args);

        run.AssertOneLineError(message);
        Assert.That(Directory.GetFileSystemEntries(work.Path).Order(), Is.EqualTo(before), "nothing written");
    }
}
