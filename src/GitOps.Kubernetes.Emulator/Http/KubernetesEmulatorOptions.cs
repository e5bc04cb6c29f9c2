using GitOps.Kubernetes.Emulator.Store;

namespace GitOps.Kubernetes.Emulator.Http;

/// <summary>Options of <see cref="KubernetesEmulator"/>.</summary>
public sealed class KubernetesEmulatorOptions
{
    /// <summary>The TCP port on 127.0.0.1; 0 picks a free one. Default 0.</summary>
    public int Port { get; set; }

    /// <summary>Serve HTTPS with a throw-away CA of the emulator's own (true), or plain HTTP (false). Default true.</summary>
    public bool UseHttps { get; set; } = true;

    /// <summary>The bearer token clients must send; null generates a random one. Default null.</summary>
    public string? BearerToken { get; set; }

    /// <summary>The largest request body accepted. Default 3 MiB (kube-apiserver's limit).</summary>
    public long MaxRequestBodyBytes { get; set; } = 3 * 1024 * 1024;

    /// <summary>Options of the in-memory store created when none is passed.</summary>
    public KubernetesObjectStoreOptions Store { get; set; } = new();

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Port, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Port, 65535);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRequestBodyBytes, 1024);
        if (BearerToken is { } token && (token.Length < 8 || token.Any(char.IsWhiteSpace)))
        {
            throw new ArgumentException("the bearer token needs at least 8 characters and no spaces", nameof(BearerToken));
        }

        ArgumentNullException.ThrowIfNull(Store);
        Store.Validate();
    }
}
