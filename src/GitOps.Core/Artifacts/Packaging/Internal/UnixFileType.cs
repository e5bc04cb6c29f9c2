using System.Runtime.InteropServices;

namespace GitOps.Artifacts.Packaging.Internal;

/// <summary>
/// Tells regular files from FIFOs, sockets and devices, which .NET's file APIs do not: opening a FIFO to
/// pack it would block forever. Asks the runtime's own native shim (<c>SystemNative_LStat</c>, whose
/// <c>FileStatus.Mode</c> at offset 4 carries the file type with portable <c>S_IFMT</c> values on every
/// Unix); if that is unavailable, every non-directory is taken for a regular file.
/// </summary>
internal static partial class UnixFileType
{
    private const int TypeMask = 0xF000;
    private const int Regular = 0x8000;

    public static bool IsRegularFile(string path)
    {
        try
        {
            Span<byte> status = stackalloc byte[512]; // far larger than FileStatus has ever been
            if (LStat(path, ref MemoryMarshal.GetReference(status)) != 0)
            {
                return true; // let opening the file report the problem
            }

            var mode = MemoryMarshal.Read<int>(status[4..]);
            return (mode & TypeMask) == Regular;
        }
        catch (EntryPointNotFoundException)
        {
            return true;
        }
        catch (DllNotFoundException)
        {
            return true;
        }
    }

    [LibraryImport("libSystem.Native", EntryPoint = "SystemNative_LStat", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LStat(string path, ref byte status);
}
