using System.Buffers;
using System.Text.Json;

namespace GitOps.Helm.Index.Internal;

/// <summary>
/// Index tokens from JSON, read incrementally with <see cref="Utf8JsonReader"/> over a pooled buffer that
/// grows only as far as the largest single token.
/// </summary>
internal sealed class JsonIndexReader : IndexTokenReader, IDisposable
{
    private const int InitialBuffer = 64 * 1024;

    private readonly Stream _stream;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _final;
    private JsonReaderState _state;
    private bool _ended;

    public JsonIndexReader(Stream stream)
    {
        _stream = stream;
        _buffer = ArrayPool<byte>.Shared.Rent(InitialBuffer);
        _state = new JsonReaderState(new JsonReaderOptions { MaxDepth = 1000, CommentHandling = JsonCommentHandling.Disallow });
    }

    public override bool IsYaml => false;

    /// <summary>Whether the reader has seen the whole value and only whitespace after it.</summary>
    public bool IsComplete => _ended;

    public override IndexToken Read()
    {
        while (true)
        {
            var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _final, _state);
            bool got;
            try
            {
                got = reader.Read();
            }
            catch (JsonException ex)
            {
                throw new JsonSyntaxException(ex.Message, ex);
            }

            if (got)
            {
                var token = ToToken(ref reader);
                _start += (int)reader.BytesConsumed;
                _state = reader.CurrentState;
                return token;
            }

            if (_final)
            {
                if (reader.BytesConsumed < _end - _start)
                {
                    throw new JsonSyntaxException("unexpected data after the JSON value", null);
                }

                _ended = true;
                return new IndexToken(TokenKind.EndOfDocument, ScalarType.Null, string.Empty, 0);
            }

            _start += (int)reader.BytesConsumed;
            _state = reader.CurrentState;
            Fill();
        }
    }

    private void Fill()
    {
        var pending = _end - _start;
        if (pending > 0 && _start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, pending);
        }

        _start = 0;
        _end = pending;
        if (_end == _buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            Buffer.BlockCopy(_buffer, 0, bigger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }

        var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _final = true;
        }

        _end += read;
    }

    private static IndexToken ToToken(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                return new IndexToken(TokenKind.MappingStart, ScalarType.Null, string.Empty, 0);
            case JsonTokenType.EndObject:
                return new IndexToken(TokenKind.MappingEnd, ScalarType.Null, string.Empty, 0);
            case JsonTokenType.StartArray:
                return new IndexToken(TokenKind.SequenceStart, ScalarType.Null, string.Empty, 0);
            case JsonTokenType.EndArray:
                return new IndexToken(TokenKind.SequenceEnd, ScalarType.Null, string.Empty, 0);
            case JsonTokenType.PropertyName:
            case JsonTokenType.String:
                string text;
                try
                {
                    text = reader.GetString() ?? string.Empty;
                }
                catch (InvalidOperationException ex)
                {
                    throw new JsonSyntaxException(ex.Message, ex);
                }

                return new IndexToken(TokenKind.Scalar, ScalarType.String, text, 0);
            case JsonTokenType.Number:
                return new IndexToken(TokenKind.Scalar, ScalarType.Float, System.Text.Encoding.UTF8.GetString(reader.ValueSpan), 0);
            case JsonTokenType.True:
                return new IndexToken(TokenKind.Scalar, ScalarType.Bool, "true", 0);
            case JsonTokenType.False:
                return new IndexToken(TokenKind.Scalar, ScalarType.Bool, "false", 0);
            default:
                return new IndexToken(TokenKind.Scalar, ScalarType.Null, string.Empty, 0);
        }
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

/// <summary>The document is not valid JSON; Helm then reads it as YAML.</summary>
internal sealed class JsonSyntaxException(string message, Exception? inner) : Exception(message, inner);
