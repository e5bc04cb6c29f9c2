using System.Globalization;
using GitOps.Cli.Commands;
using GitOps.Testing;
using GitOps.Testing.Ssh;

namespace GitOps.Cli.Tests;

public sealed class GitKeysCommandTests
{
    [TestCase("ecdsa-p256", "ECDSA", 256)]
    [TestCase("ecdsa-p384", "ECDSA", 384)]
    [TestCase("ecdsa-p521", "ECDSA", 521)]
    [TestCase("ed25519", "ED25519", 256)]
    [TestCase("rsa-4096", "RSA", 4096)]
    public async Task Keygen_writes_the_key_pair_and_prints_the_fingerprint_ssh_keygen_prints(string algorithm, string family, int bits)
    {
        using var work = new TemporaryDirectory();
        var file = work.Combine("identity");

        var run = await CliRun.RunAsync("git", "keygen", "--algorithm", algorithm, "--output", file);

        var expected = ExternalTool.Check("ssh-keygen", "-l", "-f", file).Trim();
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Zero, run.Error);
            // Without a comment ssh-keygen shows the .pub file's name in its place.
            Assert.That(expected, Is.EqualTo($"{bits} {run.Output.Split('\n')[0]["fingerprint: ".Length..].Trim()} {file}.pub ({family})"));
            Assert.That(run.Output, Does.Contain($"private key: {file}\n").And.Contain($"public key: {file}.pub\n"));
            Assert.That(ExternalTool.Check("ssh-keygen", "-y", "-f", file).Trim(), Is.EqualTo(File.ReadAllText(file + ".pub").Trim()));
        });
    }

    [Test]
    public async Task Keygen_defaults_to_ECDSA_P384_and_refuses_to_overwrite_without_the_flag()
    {
        using var work = new TemporaryDirectory();
        var file = work.Combine("identity");
        await CliRun.RunAsync("git", "keygen", "--output", file);
        var first = File.ReadAllText(file);

        var again = await CliRun.RunAsync("git", "keygen", "--output", file);
        var forced = await CliRun.RunAsync("git", "keygen", "--output", file, "--overwrite");

        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(file + ".pub"), Does.StartWith("ecdsa-sha2-nistp384 "));
            Assert.That(again.ExitCode, Is.EqualTo(1));
            Assert.That(again.Error, Is.EqualTo($"error: {file} already exists (refusing to overwrite a key)\n"));
            Assert.That(forced.ExitCode, Is.Zero, forced.Error);
            Assert.That(File.ReadAllText(file), Is.Not.EqualTo(first));
        });
    }

    [Test]
    public async Task Keygen_encrypts_with_the_passphrase_from_a_file()
    {
        using var work = new TemporaryDirectory();
        var file = work.Combine("identity");
        var passphrase = work.WriteFile("pass", "s3cret words\n");

        var run = await CliRun.RunAsync("git", "keygen", "--algorithm", "ed25519", "--output", file, "--passphrase-file", passphrase);

        Assert.Multiple(() =>
        {
            Assert.That(run.Output, Does.Contain("(256 bits, encrypted)"));
            Assert.That(ExternalTool.Run("ssh-keygen", "-y", "-P", "s3cret words", "-f", file).ExitCode, Is.Zero);
            Assert.That(ExternalTool.Run("ssh-keygen", "-y", "-P", "", "-f", file).ExitCode, Is.Not.Zero);
        });
    }

    [Test]
    public async Task Keygen_with_an_unknown_algorithm_fails_with_a_message()
    {
        using var work = new TemporaryDirectory();

        var run = await CliRun.RunAsync("git", "keygen", "--algorithm", "dsa", "--output", work.Combine("k"));

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Not.Zero);
            Assert.That(run.Error, Does.Contain("dsa"));
            Assert.That(File.Exists(work.Combine("k")), Is.False);
        });
    }

    [Test]
    public async Task Known_hosts_prints_the_line_ssh_keyscan_prints_and_a_hashed_one_ssh_finds()
    {
        using var server = SshdServer.Start();
        using var work = new TemporaryDirectory();
        var port = server.Port.ToString(CultureInfo.InvariantCulture);

        var plain = await CliRun.RunAsync("git", "known-hosts", $"127.0.0.1:{port}");
        var hashed = await CliRun.RunAsync("git", "known-hosts", $"127.0.0.1:{port}", "--hashed", "--host-key-algorithm", "ssh-ed25519");
        var keyscan = ExternalTool.Check("ssh-keyscan", "-t", "ecdsa", "-p", port, "127.0.0.1");
        var hashedFile = work.WriteFile("known_hosts", hashed.Output);

        Assert.Multiple(() =>
        {
            Assert.That(plain.ExitCode, Is.Zero, plain.Error);
            Assert.That(plain.Output, Is.EqualTo(string.Concat(keyscan.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l + "\n"))));
            Assert.That(hashed.Output, Does.StartWith("|1|").And.Contain(" ssh-ed25519 AAAA"));
            Assert.That(ExternalTool.Run("ssh-keygen", "-F", $"[127.0.0.1]:{port}", "-f", hashedFile).ExitCode, Is.Zero);
        });
    }

    [Test]
    public async Task Known_hosts_of_a_port_where_nothing_listens_fails_with_one_line()
    {
        var port = SshdServer.FreePort();

        var run = await CliRun.RunAsync("git", "known-hosts", $"127.0.0.1:{port}", "--timeout", "5");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(1));
            Assert.That(run.Error, Does.StartWith($"error: SSH key scan for host [127.0.0.1]:{port} failed"));
            Assert.That(run.Error.TrimEnd('\n'), Does.Not.Contain("\n"));
        });
    }

    [TestCase("github.com", "github.com", 22)]
    [TestCase("git.example.com:2222", "git.example.com", 2222)]
    [TestCase("[::1]:2200", "::1", 2200)]
    [TestCase("[::1]", "::1", 22)]
    [TestCase("::1", "::1", 22)]
    [TestCase("ssh://git@example.com:7999/scm/app.git", "example.com", 7999)]
    [TestCase("ssh://git@example.com/org/app", "example.com", 22)]
    public void Host_arguments_are_split_into_host_and_port(string text, string host, int port) =>
        Assert.That(GitKeysCommand.ParseHostAndPort(text), Is.EqualTo((host, port)));

    [TestCase("host:0")]
    [TestCase("host:70000")]
    [TestCase("host:ssh")]
    [TestCase("[::1")]
    [TestCase(":22")]
    public void Bad_host_arguments_are_refused(string text) =>
        Assert.That(() => GitKeysCommand.ParseHostAndPort(text), Throws.InstanceOf<GitOpsException>());
}
