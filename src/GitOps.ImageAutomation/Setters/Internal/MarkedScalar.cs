using YamlDotNet.Core;

namespace GitOps.ImageAutomation.Setters.Internal;

/// <summary>A scalar with a setter marker in its line comment, and where its text sits in the file.</summary>
internal sealed record MarkedScalar(string Setter, string Value, ScalarStyle Style, int Start, int End, int Document);
