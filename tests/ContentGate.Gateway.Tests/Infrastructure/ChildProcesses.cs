using System.Diagnostics;

namespace ContentGate.Gateway.Tests.Infrastructure;

/// <summary>What the servers the tests start as child processes (nginx, the gateway) share when they are done.</summary>
internal static class ChildProcesses
{
    /// <summary>Kills <paramref name="process"/> and its children if still running, then removes its working <paramref name="folder"/>.</summary>
    public static async Task StopAsync(Process process, string folder)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by the dying process: the temporary folder is the system's to clean.
        }
    }
}
