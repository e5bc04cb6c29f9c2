using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace GitOps.Cli.Commands;

/// <summary>
/// Numeric options with their range, checked while parsing: a value out of range, too large for its type or not a
/// number at all is one parse error in one wording across the tree, naming the option as typed
/// (<c>--max-entries must be between 1 and 2147483647, not -1</c>), never the SDK's option names or the parser's own.
/// </summary>
internal static class NumberOption
{
    /// <summary>The shortest time a seconds option takes: one millisecond.</summary>
    public const double MinimumSeconds = 0.001;

    /// <summary>The longest time a seconds option takes: what a timer and HttpClient accept (int.MaxValue milliseconds, about 24.8 days).</summary>
    public const double MaximumSeconds = 2_147_483;

    // Each numeric option's check of a token (the error, or null), for FirstError.
    private static readonly ConditionalWeakTable<Option, Func<string, string?>> Checks = [];

    /// <summary>An option of type <typeparamref name="T"/> between <paramref name="minimum"/> and <paramref name="maximum"/>, with a default.</summary>
    public static Option<T> Create<T>(string name, string description, T defaultValue, T minimum, T maximum)
        where T : struct, INumber<T>
    {
        var option = new Option<T>(name)
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result => Parse(result, name, minimum, maximum) ?? defaultValue,
        };
        Checks.Add(option, text => TryParse(text, minimum, maximum, out _) ? null : Error(name, minimum, maximum, text));
        return option;
    }

    /// <summary>An option of type <typeparamref name="T"/> between <paramref name="minimum"/> and <paramref name="maximum"/>, null when not given.</summary>
    public static Option<T?> CreateOptional<T>(string name, string description, T minimum, T maximum)
        where T : struct, INumber<T>
    {
        var option = new Option<T?>(name)
        {
            Description = description,
            CustomParser = result => Parse(result, name, minimum, maximum),
        };
        Checks.Add(option, text => TryParse(text, minimum, maximum, out _) ? null : Error(name, minimum, maximum, text));
        return option;
    }

    /// <summary>
    /// The first bad number given to the parsed command, in the order typed, or null. A command's own validators
    /// (a missing argument) may stop the parser before it converts the options; a bad value is the more useful error.
    /// </summary>
    public static string? FirstError(ParseResult parsed) =>
        parsed.CommandResult.Children.OfType<OptionResult>()
            .Where(result => result.Tokens.Count == 1 && Checks.TryGetValue(result.Option, out _))
            .Select(result => Checks.TryGetValue(result.Option, out var check) ? check(result.Tokens[0].Value) : null)
            .FirstOrDefault(error => error is not null);

    /// <summary>The one wording of a refused number.</summary>
    public static string Error<T>(string name, T minimum, T maximum, string text)
        where T : struct, INumber<T> =>
        string.Create(CultureInfo.InvariantCulture, $"{name} must be between {minimum} and {maximum}, not {(text.Length == 0 ? "''" : text)}");

    private static T? Parse<T>(ArgumentResult result, string name, T minimum, T maximum)
        where T : struct, INumber<T>
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
        if (TryParse(text, minimum, maximum, out var value))
        {
            return value;
        }

        result.AddError(Error(name, minimum, maximum, text));
        return null;
    }

    private static bool TryParse<T>(string text, T minimum, T maximum, out T value)
        where T : struct, INumber<T>
    {
        var style = typeof(T) == typeof(double) ? NumberStyles.Float : NumberStyles.Integer;
        return T.TryParse(text, style, CultureInfo.InvariantCulture, out value) && value >= minimum && value <= maximum;
    }
}
