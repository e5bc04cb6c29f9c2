using System.Text;
using GitOps.Git.Internal;

namespace GitOps.Git.Auth.Internal;

/// <summary>
/// Builds the environment a git or ssh process runs with for one call: no global or system configuration, no
/// prompts, and the call's credentials passed as configuration through the environment (<c>GIT_CONFIG_COUNT</c>,
/// readable only by this user) or as files in a <see cref="CredentialDirectory"/>, never on the command line.
/// </summary>
internal sealed class GitEnvironment : IDisposable
{
    private readonly List<KeyValuePair<string, string>> _config = [];
    private readonly CredentialDirectory? _directory;

    private GitEnvironment(CredentialDirectory? directory) => _directory = directory;

    public Dictionary<string, string?> Variables { get; } = new(StringComparer.Ordinal);

    /// <summary>The URL to hand to git: for SSH, with the default user <c>git</c> when it names none.</summary>
    public required string EffectiveUrl { get; init; }

    /// <summary>The environment for a local command (no remote, no credentials).</summary>
    public static GitEnvironment CreateLocal(GitClientOptions options)
    {
        var env = new GitEnvironment(null) { EffectiveUrl = string.Empty };
        env.SetBase(options);
        env.Flush();
        return env;
    }

    /// <summary>Writes an extra file into the call's private folder (made on demand); returns its path.</summary>
    public string WriteFile(string name, string content) =>
        (_directory ?? throw new InvalidOperationException("no private folder for this call")).Write(name, content);

    public static GitEnvironment Create(GitUrl url, GitAuth? auth, GitClientOptions options, bool privateFolder = false)
    {
        auth?.Validate();
        var needsFiles = auth is not null && (auth.CaCertificatePem is not null || auth.ClientCertificatePem is not null || auth.SshIdentity is not null || auth.SshKnownHosts is not null || auth.SshPassphrase is not null);
        var needsSshFiles = url.Transport == GitTransport.Ssh;
        var directory = needsFiles || needsSshFiles || privateFolder ? CredentialDirectory.Create(options.TemporaryDirectory) : null;
        var env = new GitEnvironment(directory) { EffectiveUrl = url.Transport == GitTransport.Ssh ? WithDefaultUser(url.Original) : url.Original };
        env.SetBase(options);
        if (url.IsHttp && auth is not null)
        {
            env.AddHttp(auth, options);
        }

        if (url.Transport == GitTransport.Ssh)
        {
            env.AddSsh(auth, options);
        }

        env.Flush();
        return env;
    }

    private void SetBase(GitClientOptions options)
    {
        // Inherited GIT_* variables (GIT_DIR, GIT_SSH_COMMAND, …) must not redirect this call.
        foreach (var key in Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(k => k.StartsWith("GIT_", StringComparison.Ordinal) || k.StartsWith("SSH_", StringComparison.Ordinal)))
        {
            Variables[key] = null;
        }

        Variables["GIT_TERMINAL_PROMPT"] = "0";
        Variables["GIT_ASKPASS"] = "true";
        Variables["GIT_CONFIG_NOSYSTEM"] = "1";
        Variables["GIT_CONFIG_GLOBAL"] = OperatingSystem.IsWindows() ? "NUL" : "/dev/null";
        Variables["LC_ALL"] = "C";
        Variables["LANGUAGE"] = "C";
        Variables["GIT_SSH_VARIANT"] = "ssh";
        var seconds = Math.Max(1, (int)options.Timeout.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);

        // A server that stops sending: git gives up after the timeout with less than 1 byte/s.
        _config.Add(new("http.lowSpeedLimit", "1"));
        _config.Add(new("http.lowSpeedTime", seconds));
        _config.Add(new("protocol.version", "2"));
        _config.Add(new("advice.detachedHead", "false"));
        _config.Add(new("init.defaultBranch", "main"));
        _config.Add(new("core.hooksPath", OperatingSystem.IsWindows() ? "NUL" : "/dev/null"));
    }

    private void AddHttp(GitAuth auth, GitClientOptions options)
    {
        if (auth.BearerToken is not null)
        {
            _config.Add(new("http.extraHeader", "Authorization: Bearer " + auth.BearerToken));
        }
        else if (auth.Username is not null || auth.Password is not null)
        {
            var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes((auth.Username ?? string.Empty) + ":" + (auth.Password ?? string.Empty)));
            _config.Add(new("http.extraHeader", "Authorization: Basic " + basic));
        }

        if (auth.CaCertificatePem is not null)
        {
            _config.Add(new("http.sslCAInfo", _directory!.Write("ca.crt", auth.CaCertificatePem)));
        }

        if (auth.ClientCertificatePem is not null)
        {
            _config.Add(new("http.sslCert", _directory!.Write("tls.crt", auth.ClientCertificatePem)));
            _config.Add(new("http.sslKey", _directory.Write("tls.key", auth.ClientKeyPem!)));
        }

        _ = options;
    }

    private void AddSsh(GitAuth? auth, GitClientOptions options)
    {
        var knownHosts = _directory!.Write("known_hosts", auth?.SshKnownHosts ?? string.Empty);
        var seconds = Math.Max(1, (int)options.Timeout.TotalSeconds);
        var command = new StringBuilder();
        command.Append(Quote(options.SshExecutable));
        command.Append(" -F /dev/null -o StrictHostKeyChecking=yes -o UserKnownHostsFile=").Append(Quote(knownHosts));
        command.Append(" -o GlobalKnownHostsFile=/dev/null -o IdentitiesOnly=yes -o IdentityAgent=none");
        command.Append(" -o PasswordAuthentication=no -o KbdInteractiveAuthentication=no -o PreferredAuthentications=publickey");
        command.Append(" -o ConnectTimeout=").Append(seconds).Append(" -o ServerAliveInterval=").Append(Math.Max(1, seconds / 3)).Append(" -o ServerAliveCountMax=3");
        command.Append(" -o LogLevel=ERROR");
        if (auth?.SshIdentity is not null)
        {
            command.Append(" -i ").Append(Quote(_directory.Write("identity", auth.SshIdentity)));
        }
        else
        {
            command.Append(" -i /dev/null");
        }

        if (auth?.SshPassphrase is not null)
        {
            // ssh reads a passphrase only from a terminal or SSH_ASKPASS; BatchMode would forbid both.
            var secret = _directory.Write("passphrase", auth.SshPassphrase.TrimEnd('\n'));
            Variables["SSH_ASKPASS"] = _directory.Write("askpass.sh", "#!/bin/sh\ncat " + Quote(secret) + "\n", executable: true);
            Variables["SSH_ASKPASS_REQUIRE"] = "force";
            Variables["DISPLAY"] = "none";
            command.Append(" -o NumberOfPasswordPrompts=1");
        }
        else
        {
            command.Append(" -o BatchMode=yes");
        }

        Variables["GIT_SSH_COMMAND"] = command.ToString();
    }

    private void Flush()
    {
        Variables["GIT_CONFIG_COUNT"] = _config.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 0; i < _config.Count; i++)
        {
            Variables["GIT_CONFIG_KEY_" + i] = _config[i].Key;
            Variables["GIT_CONFIG_VALUE_" + i] = _config[i].Value;
        }
    }

    /// <summary>Adds <c>git@</c> to an SSH URL that names no user, as Flux does.</summary>
    internal static string WithDefaultUser(string url)
    {
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme.Contains("ssh", StringComparison.Ordinal))
        {
            return uri.UserInfo.Length > 0 ? url : new UriBuilder(uri) { UserName = GitAuth.DefaultSshUser }.Uri.ToString();
        }

        return url.Contains('@', StringComparison.Ordinal) && url.IndexOf('@', StringComparison.Ordinal) < url.IndexOf(':', StringComparison.Ordinal)
            ? url
            : GitAuth.DefaultSshUser + "@" + url;
    }

    private static string Quote(string path) => "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    public void Dispose() => _directory?.Dispose();
}
