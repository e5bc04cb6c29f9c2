using System.CommandLine.Parsing;
using System.Globalization;

namespace GitOps.Cli.Commands;

/// <summary>Range checks for integer options, as one parse error (a value that does not parse is reported by the parser itself).</summary>
internal static class IntRange
{
    public static void Check(OptionResult result, string name, int minimum, int maximum)
    {
        if (result.Tokens.Count == 1
            && int.TryParse(result.Tokens[0].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            && (value < minimum || value > maximum))
        {
            result.AddError(string.Create(CultureInfo.InvariantCulture, $"{name} must be between {minimum} and {maximum}, not {value}"));
        }
    }
}
