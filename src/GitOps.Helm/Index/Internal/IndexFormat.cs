namespace GitOps.Helm.Index.Internal;

/// <summary>Builds the errors that refuse an index document.</summary>
internal static class IndexFormat
{
    public static HelmIndexException Error(string message, long line, bool prefixLine = false) =>
        new(HelmIndexErrorKind.Invalid, prefixLine && line > 0 ? $"line {line}: {message}" : message);

    public static HelmIndexException Type(in IndexToken token, string field, string goType) =>
        new(HelmIndexErrorKind.Invalid, $"json: cannot unmarshal {token.Describe()} into Go struct field {field} of type {goType}");
}
