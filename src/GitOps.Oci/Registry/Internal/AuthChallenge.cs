namespace GitOps.Oci.Registry.Internal;

/// <summary>One <c>WWW-Authenticate</c> challenge: its scheme and parameters (RFC 7235 auth-params).</summary>
internal sealed class AuthChallenge
{
    private AuthChallenge(string scheme, Dictionary<string, string> parameters)
    {
        Scheme = scheme;
        Parameters = parameters;
    }

    public string Scheme { get; }

    public IReadOnlyDictionary<string, string> Parameters { get; }

    public bool IsBearer => string.Equals(Scheme, "Bearer", StringComparison.OrdinalIgnoreCase);

    public bool IsBasic => string.Equals(Scheme, "Basic", StringComparison.OrdinalIgnoreCase);

    public string? this[string name] => Parameters.TryGetValue(name, out var value) ? value : null;

    /// <summary>Reads <c>Scheme key="value", key=token, …</c>; null when the header is empty.</summary>
    public static AuthChallenge? Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        var text = header.AsSpan().Trim();
        var space = text.IndexOf(' ');
        var scheme = (space < 0 ? text : text[..space]).ToString();
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var rest = space < 0 ? ReadOnlySpan<char>.Empty : text[(space + 1)..];
        while (!rest.IsEmpty)
        {
            rest = rest.TrimStart(" ,");
            var equals = rest.IndexOf('=');
            if (equals <= 0)
            {
                break;
            }

            var name = rest[..equals].Trim().ToString();
            rest = rest[(equals + 1)..].TrimStart();
            string value;
            if (!rest.IsEmpty && rest[0] == '"')
            {
                var builder = new System.Text.StringBuilder();
                var i = 1;
                for (; i < rest.Length && rest[i] != '"'; i++)
                {
                    if (rest[i] == '\\' && i + 1 < rest.Length)
                    {
                        i++;
                    }

                    builder.Append(rest[i]);
                }

                value = builder.ToString();
                rest = i + 1 < rest.Length ? rest[(i + 1)..] : ReadOnlySpan<char>.Empty;
            }
            else
            {
                var comma = rest.IndexOf(',');
                value = (comma < 0 ? rest : rest[..comma]).Trim().ToString();
                rest = comma < 0 ? ReadOnlySpan<char>.Empty : rest[(comma + 1)..];
            }

            parameters[name] = value;
        }

        return new AuthChallenge(scheme, parameters);
    }
}
