using System.Text;
using GitOps.Kustomize;
using GitOps.Testing;

namespace GitOps.Cli.Tests.Hostile;

/// <summary>
/// Issue #17's probes on files a build or a pack reads: a file swapped for a symlink outside the root while builds
/// run (every way kustomize reads a file), the total bytes of generator files, and a backtracking ignore pattern.
/// </summary>
public sealed class HostileFileTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    // Each way a kustomization reads a file: the swapped file "data" is read as a generator file, an env file, a
    // resource and a patch. Files are opened once and checked on the handle, so no build reads ../secret.
    [TestCase("configMapGenerator:\n- name: c\n  files:\n  - data\n", "harmless")]
    [TestCase("secretGenerator:\n- name: c\n  envs:\n  - data\n", "k=harmless")]
    [TestCase("resources:\n- data\n", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: harmless\n")]
    [TestCase("resources:\n- cm.yaml\npatches:\n- path: data\n", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  k: harmless\n")]
    public async Task A_file_swapped_for_a_symlink_outside_the_root_during_builds_never_leaks_it(string kustomization, string harmless)
    {
        using var temp = new TemporaryDirectory();
        temp.WriteFile("secret", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  k: TOP-SECRET\n");
        temp.WriteFile("app/kustomization.yaml", kustomization);
        temp.WriteFile("app/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n");
        temp.WriteFile("app/data", harmless);
        using var stop = new CancellationTokenSource();
        var flipper = FileFlipper.Start(temp.Combine("app", "data"), "../secret", harmless, stop.Token);

        int leaked = 0, done = 0;
        for (var i = 0; i < 150; i++)
        {
            try
            {
                var result = await new KustomizeBuilder().BuildAsync(temp.Combine("app"));
                leaked += result.ToYaml().Contains("TOP-SECRET", StringComparison.Ordinal) || result.ToYaml().Contains("VE9QLVNFQ1JFV", StringComparison.Ordinal) ? 1 : 0;
            }
            catch (KustomizeException)
            {
                // Refused: the symlink points outside the root.
            }

            done++;
        }

        await stop.CancelAsync();
        var flipped = await flipper;
        Assert.That(leaked, Is.Zero, $"{leaked} of {done} builds read ../secret");
        Assert.That(flipped, Is.GreaterThan(2), "the file was never swapped");
    }

    [Test]
    public async Task Generator_files_are_capped_in_total_not_only_per_file()
    {
        // One 30 MiB file (under the 32 MiB per-file cap) read nine times: 270 MiB, over the 256 MiB total.
        using var work = new TemporaryDirectory();
        await using (var stream = File.Create(work.Combine("big")))
        {
            var chunk = new byte[1024 * 1024];
            Array.Fill(chunk, (byte)'x');
            for (var i = 0; i < 30; i++)
            {
                await stream.WriteAsync(chunk);
            }
        }

        var sb = new StringBuilder("configMapGenerator:\n- name: c\n  files:\n");
        for (var i = 0; i < 9; i++)
        {
            sb.Append("  - k").Append(i).Append("=big\n");
        }

        work.WriteFile("kustomization.yaml", sb.ToString());

        var run = await ChildCli.RunAsync(work.Path, Bound, "kustomize", "build", work.Path);

        // Bytes read are held as UTF-16 text until the build refuses: twice the 256 MiB total.
        run.AssertOneLineError("read more than the limit of 268435456 bytes").AssertPeakWithin(512 * ChildCli.MiB);
    }

    [Test]
    public async Task A_backtracking_sourceignore_pattern_on_a_fifty_character_name_answers_at_once()
    {
        using var work = new TemporaryDirectory();
        work.WriteFile("src/.sourceignore", "*a*a*a*a*a*a*a*a*a*a*b\n");
        work.WriteFile("src/" + new string('a', 50), "x");
        work.WriteFile("src/keep.yaml", "k: v\n");

        // git check-ignore takes about 3 minutes on this name; memoised wildmatch takes microseconds.
        var run = await ChildCli.RunAsync(work.Path, TimeSpan.FromSeconds(20), "artifact", "pack", work.Combine("src"), "--output", work.Combine("a.tar.gz"));

        run.AssertSuccess();
        Assert.That(File.Exists(work.Combine("a.tar.gz")), Is.True);
    }
}
