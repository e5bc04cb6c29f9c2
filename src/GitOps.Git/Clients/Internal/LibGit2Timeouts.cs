using System.Runtime.InteropServices;

namespace GitOps.Git.Clients.Internal;

/// <summary>
/// libgit2's socket timeouts (<c>GIT_OPT_SET_SERVER_CONNECT_TIMEOUT</c> = 39, <c>GIT_OPT_SET_SERVER_TIMEOUT</c> = 41,
/// libgit2 1.7+), which LibGit2Sharp 0.32 does not expose. They are the only thing that stops a transfer from a
/// server that accepts the connection and then says nothing: no progress callback fires to cancel it. They are
/// process-wide in libgit2, so the smallest timeout any client asked for wins.
/// </summary>
internal static partial class LibGit2Timeouts
{
    private const int SetServerConnectTimeout = 39;
    private const int SetServerTimeout = 41;
    private static readonly Lock Gate = new();
    private static int _currentMilliseconds = int.MaxValue;

    public static void EnsureAtMost(TimeSpan timeout)
    {
        var ms = (int)Math.Clamp(timeout.TotalMilliseconds, 1, int.MaxValue);
        lock (Gate)
        {
            if (ms >= _currentMilliseconds)
            {
                return;
            }

            // Loads libgit2 through LibGit2Sharp first, so that the native library is resolved as it resolves it.
            _ = LibGit2Sharp.GlobalSettings.Version;
            if (Set(SetServerConnectTimeout, ms) == 0 && Set(SetServerTimeout, ms) == 0)
            {
                _currentMilliseconds = ms;
            }
        }
    }

    private static int Set(int option, int value)
    {
        try
        {
            return NativeMethods.git_libgit2_opts(option, value);
        }
        catch (DllNotFoundException)
        {
            return -1;
        }
        catch (EntryPointNotFoundException)
        {
            return -1;
        }
    }

    private static partial class NativeMethods
    {
        // The name LibGit2Sharp 0.32's native package ships (libgit2-5853918.so / git2-5853918.dll).
        [LibraryImport("git2-5853918")]
        internal static partial int git_libgit2_opts(int option, int value);
    }
}
