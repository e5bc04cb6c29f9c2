namespace GitOps.Yaml.Internal;

/// <summary>
/// Scalar texts shared by the reads of one job. A Kubernetes tree repeats a few thousand short values (names, labels,
/// ports, image references, "true") many times over; the reader gives every scalar that repeats one of them the
/// string already held, so that the copies the parser made die young instead of living as long as the tree. Scalars
/// stay separate, changeable nodes: only their unchangeable text is shared. The table lives as long as its owner (one
/// read, or one kustomize build through <see cref="YamlReaderOptions"/>), never longer, so no text (a Secret's value
/// included) outlives the job that read it. Texts of at most <see cref="MaxLength"/> characters are shared, and the
/// table stops growing at <see cref="MaxEntries"/> texts: past that, only texts already in it are shared.
/// </summary>
internal sealed class SharedTexts
{
    public const int MaxLength = 64;
    public const int MaxEntries = 16384;

    private readonly Dictionary<string, string> _table = new(StringComparer.Ordinal);

    /// <summary>The shared string equal to <paramref name="text"/>, or <paramref name="text"/> itself.</summary>
    public string Get(string text)
    {
        if (text.Length > MaxLength || text.Length == 0)
        {
            return text;
        }

        // A build reads its files one after another; the lock only keeps a table shared by concurrent reads sound.
        lock (_table)
        {
            if (_table.TryGetValue(text, out var shared))
            {
                return shared;
            }

            if (_table.Count < MaxEntries)
            {
                _table.Add(text, text);
            }

            return text;
        }
    }
}
