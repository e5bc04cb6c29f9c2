using System.CommandLine;
using System.Globalization;
using GitOps.Artifacts.Packaging;
using GitOps.Git;
using GitOps.Git.Artifacts;
using GitOps.Git.Auth;
using GitOps.Git.Checkout;

namespace GitOps.Cli.Commands;

/// <summary>
/// <c>gitops git …</c>: Git sources. <see cref="Create"/> builds the parent command; each subcommand is one
/// <c>CreateXxx</c> method added in <see cref="Subcommands"/> (add new ones there).
/// </summary>
internal static class GitCommand
{
    public static Command Create()
    {
        var command = new Command("git", "Clone Git repositories with Flux's checkout strategies and revisions, and turn a checkout into an artifact.");
        foreach (var subcommand in Subcommands())
        {
            command.Subcommands.Add(subcommand);
        }

        return command;
    }

    /// <summary>The subcommands of <c>gitops git</c>, in help order.</summary>
    private static IEnumerable<Command> Subcommands()
    {
        yield return CreateClone();
        yield return CreateArtifact();
        yield return GitKeysCommand.CreateKeygen();
        yield return GitKeysCommand.CreateKnownHosts();
    }

    private static Command CreateClone()
    {
        var source = new SourceOptions();
        var destination = new Option<DirectoryInfo>("--dest") { Description = "The directory to clone into (absent or empty; filled only on success).", Required = true };
        var command = new Command("clone", "Clone URL at --ref into --dest and print Flux's revision (main@sha1:<hash>).") { destination };
        source.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, async stdout =>
        {
            var (url, options, auth, client) = source.Read(parseResult);
            var commit = await client.CloneAsync(url, parseResult.GetValue(destination)!.FullName, options, auth, cancellationToken).ConfigureAwait(false);
            await stdout.WriteLineAsync($"revision: {commit}").ConfigureAwait(false);
            if (commit.IsConcrete)
            {
                await stdout.WriteLineAsync($"path: {parseResult.GetValue(destination)!.FullName}").ConfigureAwait(false);
            }
            else
            {
                await stdout.WriteLineAsync("unchanged: the remote is still at --last-revision; nothing cloned").ConfigureAwait(false);
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command CreateArtifact()
    {
        var source = new SourceOptions();
        var output = new Option<FileInfo>("--output", "-o") { Description = "The tar.gz artifact to write.", Required = true };
        var ignore = new Option<string?>("--ignore") { Description = "Extra ignore rules in .sourceignore syntax (newline-separated), like spec.ignore." };
        var command = new Command("artifact", "Clone URL at --ref and pack the checkout (honouring .sourceignore) into a reproducible artifact; print its revision and sha256 digest.") { output, ignore };
        source.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, async stdout =>
        {
            var (url, options, auth, client) = source.Read(parseResult);
            var builder = new GitArtifactBuilder(client, options: client.Options);
            var result = await builder.BuildAsync(url, options, parseResult.GetValue(output)!.FullName, auth, new PackOptions { Ignore = parseResult.GetValue(ignore) }, cancellationToken).ConfigureAwait(false);
            await stdout.WriteLineAsync($"revision: {result.Commit}").ConfigureAwait(false);
            if (result.Artifact is not { } artifact)
            {
                await stdout.WriteLineAsync("unchanged: the remote is still at --last-revision; nothing written").ConfigureAwait(false);
                return ExitCodes.Success;
            }

            await stdout.WriteLineAsync($"digest: {artifact.Digest}").ConfigureAwait(false);
            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"size: {artifact.Size}")).ConfigureAwait(false);
            await stdout.WriteLineAsync($"path: {artifact.Path}").ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>The URL, --ref, clone and auth options clone and artifact share.</summary>
    private sealed class SourceOptions
    {
        private readonly Argument<string> _url = new("URL") { Description = "The repository: https://…, http://…, ssh://…, git@host:path, git://… or a local path." };
        private readonly Option<string> _ref = new("--ref") { Description = "What to check out: branch=NAME, tag=NAME, semver=RANGE, commit=SHA or name=REFS/… (Flux precedence when combined).", DefaultValueFactory = _ => "branch=master" };
        private readonly Option<int> _depth = NumberOption.Create("--depth", "1 for a shallow clone (default, as Flux), 0 for the full history.", 1, 0, 1);
        private readonly Option<string[]> _sparse = new("--sparse") { Description = "Check out only this directory (repeatable).", AllowMultipleArgumentsPerToken = false };
        private readonly Option<bool> _submodules = new("--recurse-submodules") { Description = "Check out submodules too." };
        private readonly Option<string?> _last = new("--last-revision") { Description = "Skip the clone when the remote is still at this revision (main@sha1:…)." };
        private readonly Option<string?> _username = new("--username") { Description = "HTTP basic user." };
        private readonly Option<string?> _password = new("--password") { Description = "HTTP basic password (or set GITOPS_GIT_PASSWORD)." };
        private readonly Option<string?> _token = new("--bearer-token") { Description = "HTTP bearer token (or set GITOPS_GIT_BEARER_TOKEN)." };
        private readonly Option<FileInfo?> _ca = new("--ca-file") { Description = "PEM CA certificates trusted for this call (ca.crt)." };
        private readonly Option<FileInfo?> _cert = new("--cert-file") { Description = "PEM client certificate for mutual TLS (tls.crt)." };
        private readonly Option<FileInfo?> _key = new("--key-file") { Description = "PEM key of the client certificate (tls.key)." };
        private readonly Option<FileInfo?> _identity = new("--ssh-key") { Description = "SSH private key (identity)." };
        private readonly Option<string?> _passphrase = new("--ssh-passphrase") { Description = "Passphrase of --ssh-key (or set GITOPS_GIT_SSH_PASSPHRASE)." };
        private readonly Option<FileInfo?> _knownHosts = new("--known-hosts") { Description = "known_hosts file the SSH server's key must be in (required for SSH)." };
        private readonly Option<string> _backend = new("--backend") { Description = "auto (LibGit2Sharp where it can, git otherwise), libgit2sharp or git.", DefaultValueFactory = _ => "auto" };
        private readonly Option<int> _timeout = NumberOption.Create("--timeout", "Seconds before the operation is stopped.", 60, 1, (int)NumberOption.MaximumSeconds);

        public void AddTo(Command command)
        {
            command.Arguments.Add(_url);
            foreach (var option in new Option[] { _ref, _depth, _sparse, _submodules, _last, _username, _password, _token, _ca, _cert, _key, _identity, _passphrase, _knownHosts, _backend, _timeout })
            {
                command.Options.Add(option);
            }

            _url.Validators.Add(result =>
            {
                var text = result.GetValueOrDefault<string>() ?? string.Empty;
                var isUrl = Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" or "ssh" or "git" or "file" or "git+ssh" or "ssh+git";
                var isScpLike = !text.Contains("://", StringComparison.Ordinal) && text.IndexOf(':', StringComparison.Ordinal) > 0 && !text.StartsWith('/');
                if (text.StartsWith('-') || !(isUrl || isScpLike || Path.IsPathRooted(text)))
                {
                    result.AddError($"URL must be https://, http://, ssh://, git://, file://, user@host:path or an absolute path, not '{text}'");
                }
            });
            _ref.Validators.Add(result =>
            {
                try
                {
                    _ = CheckoutStrategy.Parse(result.GetValueOrDefault<string>() ?? string.Empty);
                }
                catch (FormatException e)
                {
                    result.AddError("--ref: " + e.Message);
                }
            });
            _backend.AcceptOnlyFromAmong("auto", "libgit2sharp", "git");
        }

        public (string Url, CloneOptions Options, GitAuth? Auth, GitClient Client) Read(ParseResult parse)
        {
            try
            {
                var options = new CloneOptions
                {
                    Strategy = CheckoutStrategy.Parse(parse.GetValue(_ref)!),
                    ShallowClone = parse.GetValue(_depth) == 1,
                    SparseCheckoutDirectories = parse.GetValue(_sparse) is { Length: > 0 } dirs ? dirs : null,
                    RecurseSubmodules = parse.GetValue(_submodules),
                    LastObservedRevision = parse.GetValue(_last),
                };
                options.Validate();
                var auth = ReadAuth(parse);
                auth?.Validate();
                var client = new GitClient(new GitClientOptions
                {
                    Timeout = TimeSpan.FromSeconds(parse.GetValue(_timeout)),
                    Backend = parse.GetValue(_backend) switch { "git" => GitBackend.GitCli, "libgit2sharp" => GitBackend.LibGit2Sharp, _ => GitBackend.Auto },
                });
                return (parse.GetValue(_url)!, options, auth, client);
            }
            catch (ArgumentException e)
            {
                throw new GitException(e.Message, e);
            }
            catch (FormatException e)
            {
                throw new GitException(e.Message, e);
            }
        }

        private GitAuth? ReadAuth(ParseResult parse)
        {
            static string? Text(FileInfo? file) => file is null ? null : File.ReadAllText(file.FullName);
            var auth = new GitAuth
            {
                Username = parse.GetValue(_username),
                Password = parse.GetValue(_password) ?? Environment.GetEnvironmentVariable("GITOPS_GIT_PASSWORD"),
                BearerToken = parse.GetValue(_token) ?? Environment.GetEnvironmentVariable("GITOPS_GIT_BEARER_TOKEN"),
                CaCertificatePem = Text(parse.GetValue(_ca)),
                ClientCertificatePem = Text(parse.GetValue(_cert)),
                ClientKeyPem = Text(parse.GetValue(_key)),
                SshIdentity = Text(parse.GetValue(_identity)),
                SshPassphrase = parse.GetValue(_passphrase) ?? Environment.GetEnvironmentVariable("GITOPS_GIT_SSH_PASSPHRASE"),
                SshKnownHosts = Text(parse.GetValue(_knownHosts)),
            };
            return auth.ToString() == "GitAuth()" ? null : auth;
        }
    }
}
