using System.Text;
using GitOps.Testing;

namespace GitOps.Cli.Tests.Hostile;

/// <summary>
/// Issue #17's hostile YAML probes, each run through the CLI as a child process with its exit code, message, peak
/// memory and time bound asserted. Every command reads YAML through Core's one reader, so these cover its limits:
/// depth without recursion, alias expansion in bytes, the input cap, Go's encoding rules and linear mappings.
/// </summary>
public sealed class HostileYamlTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private const string ConfigMap = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: b\n";

    private static readonly string Deep = new string('[', 50_000) + new string(']', 50_000) + "\n";

    private static string BillionLaughs()
    {
        var sb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (var c = 'b'; c <= 'i'; c++)
        {
            sb.Append(c).Append(": &").Append(c).Append(" [").Append(string.Join(",", Enumerable.Repeat("*" + (char)(c - 1), 9))).Append("]\n");
        }

        return sb.ToString();
    }

    [TestCase("config")]
    [TestCase("--live")]
    [TestCase("--crd")]
    public async Task Fifty_thousand_nested_brackets_through_ssa_apply_are_one_line_not_a_stack_overflow(string where)
    {
        using var work = new TemporaryDirectory();
        var deep = work.WriteFile("deep.yaml", Deep);
        var config = work.WriteFile("cm.yaml", ConfigMap);
        string[] args = where switch
        {
            "config" => ["ssa", "apply", deep, "--manager", "m"],
            "--live" => ["ssa", "apply", config, "--manager", "m", "--live", deep],
            _ => ["ssa", "apply", config, "--manager", "m", "--crd", deep],
        };

        var run = await ChildCli.RunAsync(work.Path, Bound, args);

        run.AssertOneLineError("nested deeper than").AssertPeakWithin(0);
        Assert.That(run.ExitCode, Is.EqualTo(1), "not 134 (SIGABRT after a stack overflow)");
    }

    [Test]
    public async Task A_546_byte_billion_laughs_through_ssa_apply_is_refused_within_the_alias_cap()
    {
        using var work = new TemporaryDirectory();
        var file = work.WriteFile("laughs.yaml", BillionLaughs());
        Assert.That(new FileInfo(file).Length, Is.LessThan(600));

        var run = await ChildCli.RunAsync(work.Path, Bound, "ssa", "apply", file, "--manager", "m");

        run.AssertOneLineError("excessive aliasing").AssertPeakWithin(16 * ChildCli.MiB);
    }

    [Test]
    public async Task A_one_megabyte_scalar_aliased_five_hundred_times_through_kustomize_is_refused_by_its_bytes()
    {
        using var work = new TemporaryDirectory();
        var sb = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  big: &big ").Append('x', 1024 * 1024).Append('\n');
        for (var i = 0; i < 500; i++)
        {
            sb.Append("  k").Append(i).Append(": *big\n");
        }

        work.WriteFile("cm.yaml", sb.ToString());
        work.WriteFile("kustomization.yaml", "resources:\n- cm.yaml\n");

        var run = await ChildCli.RunAsync(work.Path, Bound, "kustomize", "build", work.Path);

        run.AssertOneLineError("excessive aliasing").AssertPeakWithin(16 * ChildCli.MiB);
    }

    [TestCase("apply")]
    [TestCase("batch")]
    public async Task A_200_MB_scalar_is_refused_at_the_64_MiB_input_cap_without_being_held(string command)
    {
        using var work = new TemporaryDirectory();
        var file = work.Combine("big");
        await using (var stream = File.Create(file))
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(command == "apply" ? "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: " : "{\"a\":\""));
            var chunk = new byte[1024 * 1024];
            Array.Fill(chunk, (byte)'x');
            for (var i = 0; i < 200; i++)
            {
                await stream.WriteAsync(chunk);
            }

            await stream.WriteAsync(Encoding.UTF8.GetBytes(command == "apply" ? "\n" : "\"}\n"));
        }

        var run = command == "apply"
            ? await ChildCli.RunAsync(work.Path, Bound, "ssa", "apply", file, "--manager", "m")
            : await ChildCli.RunAsync(work.Path, Bound, "ssa", "batch", file);

        // A line is held as UTF-16 up to the cap before it is refused: twice the cap in bytes.
        run.AssertOneLineError("input limit of 64 MiB").AssertPeakWithin(command == "apply" ? 0 : 128 * ChildCli.MiB);
    }

    [TestCase("ssa")]
    [TestCase("kustomize")]
    public async Task A_mapping_of_a_hundred_thousand_keys_reads_in_linear_time(string command)
    {
        using var work = new TemporaryDirectory();
        var sb = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n");
        for (var i = 0; i < 100_000; i++)
        {
            sb.Append("  k").Append(i).Append(": v\n");
        }

        var file = work.WriteFile("cm.yaml", sb.ToString());
        work.WriteFile("kustomization.yaml", "resources:\n- cm.yaml\n");

        // The quadratic duplicate-key checks took 41-60 s; linear reading takes about a second.
        var run = command == "ssa"
            ? await ChildCli.RunAsync(work.Path, TimeSpan.FromSeconds(20), "ssa", "apply", file, "--manager", "m")
            : await ChildCli.RunAsync(work.Path, TimeSpan.FromSeconds(20), "kustomize", "build", work.Path);

        run.AssertSuccess();
        Assert.That(run.Output, Does.Contain("k99999: v"));
    }

    [Test]
    public async Task Invalid_utf8_is_replaced_by_ssa_apply_as_kubectl_apply_does_and_refused_by_kustomize_as_kubectl_kustomize_does()
    {
        using var work = new TemporaryDirectory();
        var file = work.Combine("cm.yaml");
        await File.WriteAllBytesAsync(file, [.. "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: \""u8, 0xff, 0xfe, .. "\"\n"u8]);
        work.WriteFile("kustomization.yaml", "resources:\n- cm.yaml\n");

        var ssa = await ChildCli.RunAsync(work.Path, Bound, "ssa", "apply", file, "--manager", "m");
        var kustomize = await ChildCli.RunAsync(work.Path, Bound, "kustomize", "build", work.Path);

        // Checked against kubectl v1.32 (apply --dry-run=client prints "a: \uFFFD\uFFFD"; kubectl kustomize refuses).
        ssa.AssertSuccess();
        Assert.That(ssa.Output, Does.Contain("a: \"\uFFFD\uFFFD\"").Or.Contain("a: \uFFFD\uFFFD"));
        kustomize.AssertOneLineError("invalid leading UTF-8 octet");
    }

    [Test]
    public async Task A_byte_order_mark_is_dropped_not_made_part_of_the_first_key()
    {
        using var work = new TemporaryDirectory();
        var file = work.Combine("cm.yaml");
        await File.WriteAllBytesAsync(file, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(ConfigMap)]);

        var run = await ChildCli.RunAsync(work.Path, Bound, "ssa", "apply", file, "--manager", "m");

        run.AssertSuccess();
        Assert.That(run.Output, Does.StartWith("apiVersion: v1\n"));
        Assert.That(run.Output, Does.Not.Contain("\uFEFF"));
    }

    [Test]
    public async Task Replicas_010_is_octal_8_as_yaml_1_1_reads_it()
    {
        using var work = new TemporaryDirectory();
        var file = work.WriteFile("d.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  replicas: 010\n  selector: {matchLabels: {app: d}}\n  template:\n    metadata: {labels: {app: d}}\n    spec: {containers: [{name: c, image: nginx}]}\n");

        var run = await ChildCli.RunAsync(work.Path, Bound, "ssa", "apply", file, "--manager", "m");

        run.AssertSuccess();
        Assert.That(run.Output, Does.Contain("  replicas: 8\n"));
    }

    [Test]
    public async Task Merge_keys_are_applied_by_ssa_apply()
    {
        using var work = new TemporaryDirectory();
        var file = work.WriteFile("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels: &l\n    a: b\ndata:\n  <<: *l\n  c: d\n");

        var run = await ChildCli.RunAsync(work.Path, Bound, "ssa", "apply", file, "--manager", "m");

        run.AssertSuccess();
        Assert.That(run.Output, Does.Contain("data:\n  a: b\n  c: d\n").Or.Contain("data:\n  c: d\n  a: b\n"));
        Assert.That(run.Output, Does.Not.Contain("<<"));
    }
}
