using System.Runtime.CompilerServices;

namespace GitOps.Internal;

/// <summary>
/// Keeps recursive walkers (readers, converters, writers) from overflowing the thread's stack, which .NET
/// cannot recover from: they check before each level and fail with a clear exception instead.
/// </summary>
internal static class StackGuard
{
    /// <summary>The deepest nesting any walker follows, whatever the stack size.</summary>
    public const int MaxNesting = 1_000;

    /// <summary>Whether the walker may go one level deeper.</summary>
    /// <param name="depth">The current depth.</param>
    public static bool CanRecurse(int depth) => depth <= MaxNesting && RuntimeHelpers.TryEnsureSufficientExecutionStack();
}
