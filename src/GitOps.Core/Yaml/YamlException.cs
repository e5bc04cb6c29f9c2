namespace GitOps.Yaml;

/// <summary>YAML that cannot be read or written: a syntax error, a duplicate key, a document nested too deep.</summary>
public class YamlException : GitOpsException
{
    /// <summary>Creates an exception with no message.</summary>
    public YamlException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What is wrong with the YAML.</param>
    public YamlException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    /// <param name="message">What is wrong with the YAML.</param>
    /// <param name="innerException">The parser's failure.</param>
    public YamlException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
