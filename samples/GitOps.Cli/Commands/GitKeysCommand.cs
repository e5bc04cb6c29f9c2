using System.CommandLine;
using System.Globalization;
using GitOps.Git.Keys;

namespace GitOps.Cli.Commands;

/// <summary>
/// <c>gitops git keygen</c> and <c>gitops git known-hosts</c>: SSH deploy keys and known_hosts lines, as
/// <c>flux create secret git</c> makes them. The <c>git</c> parent command adds these two subcommands.
/// </summary>
internal static class GitKeysCommand
{
    private static readonly Dictionary<string, (SshKeyAlgorithm Algorithm, int RsaBits)> Algorithms = new(StringComparer.Ordinal)
    {
        ["ecdsa-p256"] = (SshKeyAlgorithm.EcdsaP256, 0),
        ["ecdsa-p384"] = (SshKeyAlgorithm.EcdsaP384, 0),
        ["ecdsa-p521"] = (SshKeyAlgorithm.EcdsaP521, 0),
        ["ed25519"] = (SshKeyAlgorithm.Ed25519, 0),
        ["rsa-2048"] = (SshKeyAlgorithm.Rsa, 2048),
        ["rsa-3072"] = (SshKeyAlgorithm.Rsa, 3072),
        ["rsa-4096"] = (SshKeyAlgorithm.Rsa, 4096),
    };

    /// <summary><c>gitops git keygen [--algorithm A] --output FILE [--comment C] [--passphrase-file F] [--overwrite]</c>.</summary>
    public static Command CreateKeygen()
    {
        var algorithm = new Option<string>("--algorithm", "-a")
        {
            Description = "ecdsa-p256, ecdsa-p384 (default, as Flux), ecdsa-p521, ed25519, rsa-2048, rsa-3072 or rsa-4096.",
            DefaultValueFactory = _ => "ecdsa-p384",
        };
        algorithm.AcceptOnlyFromAmong([.. Algorithms.Keys]);
        var output = new Option<FileInfo>("--output", "-o") { Description = "The private key file to write (mode 0600); the public key goes to FILE.pub.", Required = true };
        var comment = new Option<string>("--comment", "-C") { Description = "A comment for the key (default none, as Flux).", DefaultValueFactory = _ => string.Empty };
        var passphraseFile = new Option<FileInfo?>("--passphrase-file") { Description = "Encrypt the private key with the passphrase on this file's first line (aes256-ctr, bcrypt KDF, as ssh-keygen)." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace an existing key file (refused by default)." };
        var command = new Command("keygen", "Generate an SSH deploy key in OpenSSH format (FILE and FILE.pub) and print its fingerprint.")
        {
            algorithm, output, comment, passphraseFile, overwrite,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, async stdout =>
        {
            var (chosen, bits) = Algorithms[parseResult.GetValue(algorithm)!];
            string? passphrase = null;
            if (parseResult.GetValue(passphraseFile) is { } file)
            {
                passphrase = (await File.ReadAllLinesAsync(file.FullName, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
                if (string.IsNullOrEmpty(passphrase))
                {
                    throw new GitOpsException($"--passphrase-file: {file.FullName} has no passphrase on its first line");
                }
            }

            var options = new SshKeyGenerationOptions { Algorithm = chosen, Comment = parseResult.GetValue(comment)!, Passphrase = passphrase };
            if (bits > 0)
            {
                options.RsaBits = bits;
            }

            var pair = new SshKeyGenerator().Generate(options);
            var path = parseResult.GetValue(output)!.FullName;
            await pair.WriteAsync(path, parseResult.GetValue(overwrite), cancellationToken).ConfigureAwait(false);
            await stdout.WriteLineAsync($"fingerprint: {pair.PublicKey.Fingerprint}").ConfigureAwait(false);
            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"type: {pair.PublicKey.Type} ({pair.PublicKey.Bits} bits{(pair.IsEncrypted ? ", encrypted" : string.Empty)})")).ConfigureAwait(false);
            await stdout.WriteLineAsync($"private key: {path}").ConfigureAwait(false);
            await stdout.WriteLineAsync($"public key: {path}.pub").ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary><c>gitops git known-hosts HOST[:PORT] [--hashed] [--host-key-algorithm A]… [--timeout S]</c>.</summary>
    public static Command CreateKnownHosts()
    {
        var target = new Argument<string>("HOST[:PORT]") { Description = "The SSH server: host, host:port, [ipv6]:port, or an ssh:// URL." };
        var hashed = new Option<bool>("--hashed") { Description = "Hash the host name (|1|salt|hmac), as ssh-keyscan -H." };
        var algorithms = new Option<string[]>("--host-key-algorithm")
        {
            Description = "Offer only these host key algorithms, in order (default Flux's: ecdsa-sha2-nistp256/384/521, rsa-sha2-256/512, ssh-ed25519).",
            AllowMultipleArgumentsPerToken = true,
        };
        var timeout = NumberOption.Create("--timeout", "Seconds to wait for the server, 1 to 600 (default 30, as Flux).", 30, 1, 600);
        var command = new Command("known-hosts", "Scan an SSH server's host key and print its known_hosts line, as flux create secret git does.")
        {
            target, hashed, algorithms, timeout,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, async stdout =>
        {
            var (host, port) = ParseHostAndPort(parseResult.GetValue(target)!);
            var seconds = parseResult.GetValue(timeout);
            var options = new KnownHostsScanOptions { Timeout = TimeSpan.FromSeconds(seconds) };
            if (parseResult.GetValue(algorithms) is { Length: > 0 } offered)
            {
                options.HostKeyAlgorithms.Clear();
                foreach (var name in offered)
                {
                    options.HostKeyAlgorithms.Add(name);
                }

                try
                {
                    options.Validate();
                }
                catch (ArgumentOutOfRangeException ex)
                {
                    throw new GitOpsException($"--host-key-algorithm: {ex.ActualValue ?? ex.Message} is not supported");
                }
            }

            var entry = await new KnownHostsScanner().ScanAsync(host, port, options, cancellationToken).ConfigureAwait(false);
            await stdout.WriteLineAsync(parseResult.GetValue(hashed) ? entry.ToHashedLine() : entry.ToLine()).ConfigureAwait(false);
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>Splits <c>host</c>, <c>host:port</c>, <c>[v6]:port</c>, a bare IPv6 address or an ssh:// URL.</summary>
    internal static (string Host, int Port) ParseHostAndPort(string text)
    {
        if (text.StartsWith("ssh://", StringComparison.OrdinalIgnoreCase))
        {
            return Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Host.Length > 0
                ? (url.Host.Trim('[', ']'), url.Port > 0 ? url.Port : 22)
                : throw new GitOpsException($"'{text}' is not an ssh:// URL");
        }

        string host;
        string? port = null;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || (close + 1 < text.Length && text[close + 1] != ':'))
            {
                throw new GitOpsException($"'{text}' is not HOST[:PORT]");
            }

            host = text[1..close];
            port = close + 2 <= text.Length - 1 ? text[(close + 2)..] : null;
        }
        else if (text.Count(c => c == ':') == 1)
        {
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            host = text[..colon];
            port = text[(colon + 1)..];
        }
        else
        {
            host = text;
        }

        if (host.Length == 0 || host.Any(char.IsWhiteSpace))
        {
            throw new GitOpsException($"'{text}' is not HOST[:PORT]");
        }

        if (port is null)
        {
            return (host, 22);
        }

        return int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is >= 1 and <= 65535
            ? (host, number)
            : throw new GitOpsException($"'{port}' is not a port (1-65535)");
    }
}
