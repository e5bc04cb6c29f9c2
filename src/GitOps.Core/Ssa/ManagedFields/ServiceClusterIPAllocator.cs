using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Numerics;
using System.Text;
using GitOps.Ssa.Values;

namespace GitOps.Ssa.ManagedFields;

/// <summary>
/// Picks the cluster IP of a Service when the offline API server creates it. A real API server takes a
/// random free address of its service CIDR; offline there is no cluster state, so the default picks an
/// address deterministically from the Service's namespace and name (FNV-1a hash into the CIDR, never
/// the network or broadcast address): the same Service always gets the same address on create, and a
/// stored one that needs an address again gets it from its resourceVersion too. The address's
/// family is the Service's single-stack <c>ipFamilies</c> entry.
/// </summary>
public sealed class ServiceClusterIPAllocator
{
    private readonly Func<SsaValue, string> _allocate;

    /// <summary>Allocates deterministically from a service CIDR.</summary>
    /// <param name="serviceCidr">The service CIDR, e.g. <c>10.96.0.0/12</c> (kube-apiserver's <c>--service-cluster-ip-range</c>).</param>
    /// <exception cref="ArgumentException">Not a CIDR with at least 4 addresses.</exception>
    public ServiceClusterIPAllocator(string serviceCidr)
    {
        ArgumentException.ThrowIfNullOrEmpty(serviceCidr);
        var slash = serviceCidr.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !IPAddress.TryParse(serviceCidr.AsSpan(0, slash), out var network)
            || !int.TryParse(serviceCidr.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var prefix))
        {
            throw new ArgumentException("not a CIDR: " + serviceCidr, nameof(serviceCidr));
        }

        var bits = network.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
        if (prefix > bits - 2)
        {
            throw new ArgumentException("the service CIDR needs at least 4 addresses: " + serviceCidr, nameof(serviceCidr));
        }

        IPFamily = bits == 128 ? "IPv6" : "IPv4";
        var bytes = network.GetAddressBytes();
        var size = BigInteger.One << (bits - prefix);
        var baseValue = new BigInteger(bytes, isUnsigned: true, isBigEndian: true) & ~(size - 1);
        _allocate = service =>
        {
            var offset = 1 + (new BigInteger(Fnv1a(Identity(service))) % (size - 2));
            var value = (baseValue + offset).ToByteArray(isUnsigned: true, isBigEndian: true);
            var address = new byte[bytes.Length];
            value.AsSpan(Math.Max(0, value.Length - address.Length)).CopyTo(address.AsSpan(Math.Max(0, address.Length - value.Length)));
            return new IPAddress(address).ToString();
        };
    }

    /// <summary>Allocates with a function (e.g. addresses a recording of a real server handed out).</summary>
    /// <param name="allocate">Returns the cluster IP for a Service being created.</param>
    /// <param name="ipFamily">The family of the addresses: <c>IPv4</c> or <c>IPv6</c>.</param>
    public ServiceClusterIPAllocator(Func<SsaValue, string> allocate, string ipFamily)
    {
        ArgumentNullException.ThrowIfNull(allocate);
        if (ipFamily is not ("IPv4" or "IPv6"))
        {
            throw new ArgumentException("the IP family is IPv4 or IPv6", nameof(ipFamily));
        }

        _allocate = allocate;
        IPFamily = ipFamily;
    }

    /// <summary>The default: <c>10.96.0.0/12</c>, kube-apiserver's default service CIDR.</summary>
    public static ServiceClusterIPAllocator Default { get; } = new("10.96.0.0/12");

    /// <summary>The family of allocated addresses (<c>IPv4</c> or <c>IPv6</c>): the cluster's single stack.</summary>
    public string IPFamily { get; }

    /// <summary>The cluster IP of a Service being created.</summary>
    /// <param name="service">The Service (after defaulting).</param>
    /// <returns>The address.</returns>
    public string Allocate(SsaValue service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return _allocate(service);
    }

    private static string Identity(SsaValue service)
    {
        var metadata = service.IsMap && service.AsMap.TryGetValue("metadata", out var m) && m.IsMap ? m.AsMap : SsaMap.Empty;
        var ns = metadata.TryGetValue("namespace", out var n) ? n.ToString() : string.Empty;
        var name = metadata.TryGetValue("name", out var nm) ? nm.ToString() : string.Empty;

        // A stored Service that needs an address again (ExternalName to ClusterIP) gets another one than
        // it had before, as the server's random pick would give it: its resourceVersion takes part.
        var version = metadata.TryGetValue("resourceVersion", out var rv) ? rv.ToString() : string.Empty;
        return version.Length == 0 ? ns + "/" + name : ns + "/" + name + "@" + version;
    }

    // FNV-1a over the UTF-8 bytes: a stable spread of names over addresses (also used for node ports).
    internal static ulong Fnv1a(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }
}
