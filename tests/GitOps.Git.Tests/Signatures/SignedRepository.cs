using System.Text;
using GitOps.Git.Keys;
using GitOps.Testing;

namespace GitOps.Git.Tests.Signatures;

/// <summary>
/// A throw-away Git repository where the real git signs commits and tags with the real gpg (a temporary GNUPGHOME
/// with generated keys) and ssh-keygen (keys we generated), and hands back the raw objects.
/// </summary>
internal sealed class SignedRepository : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly Dictionary<string, string> _environment;
    private int _commits;

    public SignedRepository()
    {
        ExternalTool.Require("git");
        ExternalTool.Require("gpg");
        ExternalTool.Require("ssh-keygen");
        Directory.CreateDirectory(GnupgHome);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(GnupgHome, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        _environment = new Dictionary<string, string>
        {
            ["GNUPGHOME"] = GnupgHome,
            ["GIT_CONFIG_NOSYSTEM"] = "1",
            ["HOME"] = _directory.Path,
            ["GIT_AUTHOR_DATE"] = "2026-01-02T03:04:05Z",
            ["GIT_COMMITTER_DATE"] = "2026-01-02T03:04:05Z",
        };
        Directory.CreateDirectory(Work);
        Git("init", "-q", "-b", "main");
        Git("config", "user.name", "Signer");
        Git("config", "user.email", "signer@example.com");
    }

    public string GnupgHome => _directory.Combine("gnupg");

    private string Work => _directory.Combine("repo");

    /// <summary>Generates a gpg key (algorithm as gpg names it: ed25519, rsa3072, nistp384…) and returns its fingerprint.</summary>
    public string CreatePgpKey(string userId, string algorithm)
    {
        Gpg("--batch", "--pinentry-mode", "loopback", "--passphrase", "", "--quick-gen-key", userId, algorithm, "sign", "never");
        var listing = Gpg("--with-colons", "--list-keys", userId);
        return listing.Split('\n').First(l => l.StartsWith("fpr:", StringComparison.Ordinal)).Split(':')[9];
    }

    public string ExportPgpKey(string fingerprint) => Gpg("--armor", "--export", fingerprint);

    /// <summary>Writes one of our generated SSH keys where ssh-keygen can sign with it.</summary>
    public async Task<SshKeyPair> CreateSshKeyAsync(SshKeyAlgorithm algorithm, string name)
    {
        var pair = new SshKeyGenerator().Generate(new SshKeyGenerationOptions { Algorithm = algorithm, RsaBits = 2048, Comment = name });
        await pair.WriteAsync(_directory.Combine(name));
        return pair;
    }

    public string SshKeyPath(string name) => _directory.Combine(name);

    /// <summary>Commits (empty) signed with a gpg key, returning the commit hash and its raw object content.</summary>
    public (string Hash, byte[] Content) CommitWithPgp(string fingerprint, string? gpgOption = null)
    {
        Git("config", "gpg.format", "openpgp");
        Git("config", "user.signingkey", fingerprint);
        if (gpgOption is null)
        {
            return Commit("-S");
        }

        // git runs gpg.program; a wrapper adds the option (e.g. a digest algorithm) to gpg's own arguments.
        var wrapper = _directory.WriteFile("gpg-wrapper", $"#!/bin/sh\nexec gpg {gpgOption} \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        Git("config", "gpg.program", wrapper);
        try
        {
            return Commit("-S");
        }
        finally
        {
            Git("config", "--unset", "gpg.program");
        }
    }

    public (string Hash, byte[] Content) CommitWithSsh(string keyName)
    {
        Git("config", "gpg.format", "ssh");
        Git("config", "user.signingkey", SshKeyPath(keyName));
        return Commit("-S");
    }

    public (string Hash, byte[] Content) CommitUnsigned() => Commit("--no-gpg-sign");

    public (string Hash, byte[] Content) TagWithPgp(string name, string fingerprint)
    {
        Git("config", "gpg.format", "openpgp");
        Git("config", "user.signingkey", fingerprint);
        return Tag(name, "-s");
    }

    public (string Hash, byte[] Content) TagWithSsh(string name, string keyName)
    {
        Git("config", "gpg.format", "ssh");
        Git("config", "user.signingkey", SshKeyPath(keyName));
        return Tag(name, "-s");
    }

    public (string Hash, byte[] Content) TagUnsigned(string name) => Tag(name, "-a");

    public void Dispose()
    {
        ExternalTool.Run("gpgconf", ["--kill", "gpg-agent"], environment: _environment);
        _directory.Dispose();
    }

    private (string Hash, byte[] Content) Commit(string signing)
    {
        _commits++;
        Git("commit", "-q", "--allow-empty", signing, "-m", $"change {_commits}\n\nbody line");
        var hash = Git("rev-parse", "HEAD").Trim();
        return (hash, Encoding.UTF8.GetBytes(Git("cat-file", "commit", hash)));
    }

    private (string Hash, byte[] Content) Tag(string name, string signing)
    {
        Git("tag", signing, name, "-m", $"release {name}");
        var hash = Git("rev-parse", $"refs/tags/{name}").Trim();
        return (hash, Encoding.UTF8.GetBytes(Git("cat-file", "tag", hash)));
    }

    private string Git(params string[] arguments)
    {
        var result = ExternalTool.Run("git", ["-C", Work, .. arguments], environment: _environment);
        Assert.That(result.ExitCode, Is.Zero, $"git {string.Join(' ', arguments)}: {result.Error}");
        return result.Output;
    }

    private string Gpg(params string[] arguments)
    {
        var result = ExternalTool.Run("gpg", ["--homedir", GnupgHome, .. arguments], environment: _environment);
        Assert.That(result.ExitCode, Is.Zero, $"gpg {string.Join(' ', arguments)}: {result.Error}");
        return result.Output;
    }
}
