using System.Text;
using GitOps.Kubernetes.Objects.Internal;
using GitOps.Ssa.Values;

namespace GitOps.Kubernetes.Clusters;

/// <summary>
/// How to reach an API server: its address, the CA that signs its certificate and the credentials, read from a kubeconfig
/// (a context of it) or from a pod's service account (in-cluster). <see cref="ToString"/> never shows a credential.
/// </summary>
public sealed class KubernetesConnection
{
    private const string ServiceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

    /// <summary>The API server (<c>https://host:port</c>, a path prefix kept).</summary>
    public required Uri Server { get; init; }

    /// <summary>The kubeconfig context the connection came from, or null.</summary>
    public string? ContextName { get; init; }

    /// <summary>The context's default namespace, used for namespaced objects without one. Default <c>default</c>.</summary>
    public string Namespace { get; init; } = "default";

    /// <summary>The PEM of the CA(s) trusted for the server certificate; null trusts the system's roots.</summary>
    public string? CertificateAuthorityPem { get; init; }

    /// <summary>Skip the server certificate check (<c>insecure-skip-tls-verify</c>). Default false.</summary>
    public bool InsecureSkipTlsVerify { get; init; }

    /// <summary>The name the server certificate is checked against (<c>tls-server-name</c>), or null for the server's host.</summary>
    public string? TlsServerName { get; init; }

    /// <summary>A bearer token (<c>token</c>), or null.</summary>
    public string? BearerToken { get; init; }

    /// <summary>A file holding the bearer token, read again when it changes (<c>tokenFile</c>, a service account's rotated token).</summary>
    public string? BearerTokenFile { get; init; }

    /// <summary>The PEM of the client certificate (<c>client-certificate(-data)</c>), or null.</summary>
    public string? ClientCertificatePem { get; init; }

    /// <summary>The PEM of the client key (<c>client-key(-data)</c>), or null.</summary>
    public string? ClientKeyPem { get; init; }

    /// <summary>A basic-auth user name, or null.</summary>
    public string? Username { get; init; }

    /// <summary>A basic-auth password, or null.</summary>
    public string? Password { get; init; }

    /// <summary>Reads a kubeconfig file and resolves a context (relative certificate paths are relative to the file).</summary>
    /// <param name="path">The kubeconfig file.</param>
    /// <param name="context">The context, or null for the file's <c>current-context</c>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The connection.</returns>
    /// <exception cref="KubeconfigException">The file is not a usable kubeconfig, or the context is missing.</exception>
    public static async Task<KubernetesConnection> FromKubeconfigFileAsync(string path, string? context = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        var info = new FileInfo(full);
        if (!info.Exists)
        {
            throw new KubeconfigException($"kubeconfig {path}: no such file");
        }

        if (info.Length > MaxKubeconfigBytes)
        {
            throw new KubeconfigException($"kubeconfig {path}: larger than {MaxKubeconfigBytes} bytes");
        }

        var text = await File.ReadAllTextAsync(full, cancellationToken).ConfigureAwait(false);
        return FromKubeconfig(text, context, Path.GetDirectoryName(full));
    }

    /// <summary>Resolves a context of a kubeconfig given as YAML text.</summary>
    /// <param name="kubeconfig">The kubeconfig YAML.</param>
    /// <param name="context">The context, or null for <c>current-context</c>.</param>
    /// <param name="baseDirectory">The folder relative file names are resolved against, or null for the current directory.</param>
    /// <returns>The connection.</returns>
    /// <exception cref="KubeconfigException">Not a usable kubeconfig, or the context is missing.</exception>
    public static KubernetesConnection FromKubeconfig(string kubeconfig, string? context = null, string? baseDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(kubeconfig);
        SsaValue? config;
        try
        {
            config = SsaValue.ParseYaml(kubeconfig);
        }
        catch (GitOpsException ex)
        {
            throw new KubeconfigException("kubeconfig: not valid YAML: " + ex.Message, ex);
        }

        if (config is not { IsMap: true })
        {
            throw new KubeconfigException("kubeconfig: not a mapping");
        }

        var contextName = context ?? Obj.GetString(config, "current-context");
        if (string.IsNullOrEmpty(contextName))
        {
            throw new KubeconfigException("kubeconfig: no current-context is set; give --context");
        }

        var ctx = Named(config, "contexts", contextName, "context") ?? throw new KubeconfigException($"kubeconfig: context \"{contextName}\" not found");
        var clusterName = Obj.GetString(ctx, "cluster") ?? throw new KubeconfigException($"kubeconfig: context \"{contextName}\" names no cluster");
        var cluster = Named(config, "clusters", clusterName, "cluster") ?? throw new KubeconfigException($"kubeconfig: cluster \"{clusterName}\" not found");
        var userName = Obj.GetString(ctx, "user");
        var user = userName is null ? null : Named(config, "users", userName, "user") ?? throw new KubeconfigException($"kubeconfig: user \"{userName}\" not found");
        if (Obj.Get(user, "exec") is not null || Obj.Get(user, "auth-provider") is not null)
        {
            throw new KubeconfigException($"kubeconfig: user \"{userName}\": exec and auth-provider credential plugins are not supported; use a token or a client certificate");
        }

        var server = Obj.GetString(cluster, "server");
        if (!Uri.TryCreate(server, UriKind.Absolute, out var serverUri) || serverUri.Scheme is not ("https" or "http"))
        {
            throw new KubeconfigException($"kubeconfig: cluster \"{clusterName}\": server must be an http(s) URL");
        }

        var dir = baseDirectory ?? Directory.GetCurrentDirectory();
        return new KubernetesConnection
        {
            Server = serverUri,
            ContextName = contextName,
            Namespace = Obj.GetString(ctx, "namespace") is { Length: > 0 } ns ? ns : "default",
            CertificateAuthorityPem = DataOrFile(cluster, "certificate-authority-data", "certificate-authority", dir),
            InsecureSkipTlsVerify = Obj.Get(cluster, "insecure-skip-tls-verify") is { Kind: SsaValueKind.Boolean } b && b.AsBoolean,
            TlsServerName = Obj.GetString(cluster, "tls-server-name"),
            BearerToken = Obj.GetString(user, "token"),
            BearerTokenFile = Obj.GetString(user, "tokenFile") is { Length: > 0 } tf ? Path.GetFullPath(tf, dir) : null,
            ClientCertificatePem = DataOrFile(user, "client-certificate-data", "client-certificate", dir),
            ClientKeyPem = DataOrFile(user, "client-key-data", "client-key", dir),
            Username = Obj.GetString(user, "username"),
            Password = Obj.GetString(user, "password"),
        };
    }

    /// <summary>The connection of a pod: <c>KUBERNETES_SERVICE_HOST</c>/<c>_PORT</c> and the service account's token, CA and namespace.</summary>
    /// <returns>The connection.</returns>
    /// <exception cref="KubeconfigException">Not running in a pod.</exception>
    public static KubernetesConnection InCluster()
    {
        var host = Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST");
        var port = Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_PORT");
        var tokenFile = Path.Combine(ServiceAccountDirectory, "token");
        if (string.IsNullOrEmpty(host) || string.IsNullOrEmpty(port) || !File.Exists(tokenFile))
        {
            throw new KubeconfigException("in-cluster configuration: KUBERNETES_SERVICE_HOST, KUBERNETES_SERVICE_PORT or the service account token is missing (not running in a pod)");
        }

        var nsFile = Path.Combine(ServiceAccountDirectory, "namespace");
        var caFile = Path.Combine(ServiceAccountDirectory, "ca.crt");
        return new KubernetesConnection
        {
            Server = new UriBuilder("https", host.Contains(':', StringComparison.Ordinal) ? "[" + host + "]" : host, int.Parse(port, System.Globalization.CultureInfo.InvariantCulture)).Uri,
            BearerTokenFile = tokenFile,
            CertificateAuthorityPem = File.Exists(caFile) ? File.ReadAllText(caFile) : null,
            Namespace = File.Exists(nsFile) ? File.ReadAllText(nsFile).Trim() : "default",
        };
    }

    /// <summary>The server and context, never a credential.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => ContextName is null ? Server.GetLeftPart(UriPartial.Authority) : $"{Server.GetLeftPart(UriPartial.Authority)} (context {ContextName})";

    /// <summary>The largest kubeconfig read (1 MiB).</summary>
    public const int MaxKubeconfigBytes = 1 << 20;

    private static SsaValue? Named(SsaValue config, string list, string name, string field) =>
        Obj.GetList(config, list).FirstOrDefault(e => Obj.GetString(e, "name") == name) is { } entry ? Obj.Get(entry, field) ?? SsaValue.EmptyMap : null;

    private static string? DataOrFile(SsaValue? section, string dataKey, string fileKey, string dir)
    {
        if (Obj.GetString(section, dataKey) is { Length: > 0 } data)
        {
            try
            {
                return Encoding.UTF8.GetString(Convert.FromBase64String(data));
            }
            catch (FormatException ex)
            {
                throw new KubeconfigException($"kubeconfig: {dataKey} is not base64", ex);
            }
        }

        if (Obj.GetString(section, fileKey) is { Length: > 0 } file)
        {
            var path = Path.GetFullPath(file, dir);
            try
            {
                return File.ReadAllText(path);
            }
            catch (IOException ex)
            {
                throw new KubeconfigException($"kubeconfig: {fileKey} {file}: {ex.Message}", ex);
            }
        }

        return null;
    }
}

/// <summary>A kubeconfig (or in-cluster configuration) that cannot be used.</summary>
public class KubeconfigException : GitOpsException
{
    /// <summary>Creates an exception.</summary>
    public KubeconfigException()
    {
    }

    /// <summary>Creates an exception.</summary>
    /// <param name="message">The message.</param>
    public KubeconfigException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public KubeconfigException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
