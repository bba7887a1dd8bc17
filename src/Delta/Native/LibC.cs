using System.Runtime.InteropServices;

namespace Lakehouse.Delta.Native;

/// <summary>The few POSIX calls the local log store needs (Linux and macOS).</summary>
internal static partial class LibC
{
    /// <summary>errno value for "file exists" (the same on Linux and macOS).</summary>
    public const int EEXIST = 17;

    /// <summary>link(2): creates <paramref name="newpath"/> as a hard link to <paramref name="oldpath"/>; fails with EEXIST if it exists.</summary>
    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int link(string oldpath, string newpath);
}
