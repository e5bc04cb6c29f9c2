using GitOps.Ssa.Values;
using static GitOps.Ssa.ApiServer.Internal.Edit;

namespace GitOps.Ssa.ApiServer.Internal.Validation;

/// <summary>Service validation: cluster IPs never change once set, and headless cannot be a LoadBalancer.</summary>
internal static class ServiceRules
{
    public static void Service(FieldErrors errors, SsaValue? oldSpec, SsaValue? spec)
    {
        var type = Str(spec, "type") ?? "ClusterIP";
        var ips = Get(spec, "clusterIPs") is { IsList: true, AsList.Count: > 0 } list ? list : Str(spec, "clusterIP") is { Length: > 0 } ip ? SsaValue.FromList([SsaValue.FromString(ip)]) : null;
        if (type == "LoadBalancer" && ips?.AsList[0].ToString() == "None")
        {
            errors.Invalid("spec.clusterIPs[0]", ips.AsList[0], "may not be set to 'None' for LoadBalancer services");
            return;
        }

        if (oldSpec is null || type == "ExternalName" || Str(oldSpec, "type") == "ExternalName" || ips is null)
        {
            return;
        }

        var oldIps = Get(oldSpec, "clusterIPs") is { IsList: true, AsList.Count: > 0 } o ? o : null;
        if (oldIps is not null && oldIps.AsList[0].ToString() != ips.AsList[0].ToString())
        {
            errors.Invalid("spec.clusterIPs[0]", ips, "may not change once set");
        }
    }
}
