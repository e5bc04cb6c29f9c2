using System.Globalization;
using System.Text;
using GitOps.Yaml;

namespace GitOps.Cli.Commands;

/// <summary>
/// The input cap of the commands that read whole files or lines given on the command line (<c>ssa apply</c>,
/// <c>ssa update</c>, <c>ssa batch</c>): the YAML reader's <see cref="YamlReaderOptions.MaxInputBytes"/> (64 MiB),
/// checked before anything is read, so an oversized input costs neither time nor memory.
/// </summary>
internal static class InputLimits
{
    /// <summary>The largest file, or line of <c>ssa batch</c>, that is read: 64 MiB.</summary>
    public static long MaxInputBytes => YamlReaderOptions.Default.MaxInputBytes;

    /// <summary>The file's text (UTF-8, a byte-order mark dropped), refused unread when it is larger than the cap.</summary>
    /// <exception cref="GitOpsException">The file is larger than <see cref="MaxInputBytes"/>.</exception>
    public static string ReadText(FileInfo file)
    {
        using var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        if (stream.CanSeek && stream.Length > MaxInputBytes)
        {
            throw TooLarge(file.Name, stream.Length);
        }

        // Not seekable (a pipe, /dev/stdin): read at most one byte past the cap.
        var bytes = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            if (bytes.Length + read > MaxInputBytes)
            {
                throw TooLarge(file.Name, null);
            }

            bytes.Write(buffer, 0, read);
        }

        var span = bytes.GetBuffer().AsSpan(0, (int)bytes.Length);
        return Encoding.UTF8.GetString(span.StartsWith("\uFEFF"u8) ? span[3..] : span);
    }

    private static GitOpsException TooLarge(string name, long? length) => new(string.Create(
        CultureInfo.InvariantCulture,
        $"{name}: {(length is { } n ? n.ToString(CultureInfo.InvariantCulture) : "more than " + MaxInputBytes.ToString(CultureInfo.InvariantCulture))} bytes is larger than the input limit of {MaxInputBytes / (1024 * 1024)} MiB"));
}

/// <summary>
/// Lines of a text stream, each refused when it is longer than <see cref="InputLimits.MaxInputBytes"/> characters
/// before it is held whole (<see cref="TextReader.ReadLineAsync()"/> would buffer a line of any length).
/// </summary>
internal sealed class BoundedLineReader(TextReader reader)
{
    private readonly char[] _buffer = new char[64 * 1024];
    private readonly StringBuilder _line = new();
    private int _start;
    private int _end;
    private long _lineNumber;

    /// <summary>The next line without its line ending, or null at the end of the stream.</summary>
    /// <exception cref="GitOpsException">The line is longer than the cap.</exception>
    public async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        _line.Clear();
        _lineNumber++;
        var any = false;
        while (true)
        {
            if (_start == _end)
            {
                _start = 0;
                _end = await reader.ReadAsync(_buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
                if (_end == 0)
                {
                    return any ? Finish() : null;
                }
            }

            any = true;
            var span = _buffer.AsSpan(_start, _end - _start);
            var newline = span.IndexOf('\n');
            var take = newline < 0 ? span.Length : newline;
            if (_line.Length + take > InputLimits.MaxInputBytes)
            {
                throw new GitOpsException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"line {_lineNumber}: longer than the input limit of {InputLimits.MaxInputBytes / (1024 * 1024)} MiB"));
            }

            _line.Append(span[..take]);
            _start += newline < 0 ? take : take + 1;
            if (newline >= 0)
            {
                return Finish();
            }
        }
    }

    private string Finish()
    {
        if (_line.Length > 0 && _line[^1] == '\r')
        {
            _line.Length--;
        }

        return _line.ToString();
    }
}
