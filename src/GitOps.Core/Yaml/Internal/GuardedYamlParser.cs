using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace GitOps.Yaml.Internal;

/// <summary>
/// YamlDotNet's parser with one failure type. On some malformed input (found by fuzzing) the parser or its
/// scanner throws <see cref="InvalidOperationException"/> (an unexpected event), <see cref="ArgumentException"/>
/// (a global tag that is not a URI) or <see cref="ArgumentOutOfRangeException"/> (a <c>\U</c> escape of a
/// surrogate code point) instead of its own <see cref="YamlDotNet.Core.YamlException"/>. Every event read
/// through this wrapper turns those into a <see cref="YamlDotNet.Core.YamlException"/> at the current position,
/// so callers handle exactly one exception type from the parser and never mistake a parser failure for one of
/// their own.
/// </summary>
internal sealed class GuardedYamlParser(IParser inner) : IParser
{
    /// <inheritdoc />
    public ParsingEvent? Current => inner.Current;

    /// <inheritdoc />
    public bool MoveNext()
    {
        try
        {
            return inner.MoveNext();
        }
        catch (YamlDotNet.Core.YamlException)
        {
            throw;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            var at = inner.Current?.End ?? Mark.Empty;
            throw new YamlDotNet.Core.YamlException(at, at, Describe(ex), ex);
        }
    }

    // go-yaml's wording where it has one; the parser's own message otherwise.
    private static string Describe(Exception ex) => ex switch
    {
        ArgumentOutOfRangeException => "found invalid Unicode character escape code",
        ArgumentException when ex.Message.Contains("URI", StringComparison.Ordinal) => "did not find expected tag URI",
        InvalidOperationException => "did not find expected node content",
        _ => ex.Message,
    };
}
