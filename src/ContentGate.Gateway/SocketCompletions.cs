namespace ContentGate.Gateway;

/// <summary>
/// The gateway runs socket completions inline on the runtime's event threads, the runtime's own switch
/// (<c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1</c>), unless the operator set that variable either way.
/// </summary>
/// <remarks>
/// A proxy does little per socket event: read what the origin sent, rewrite it, hand it to Kestrel. Dispatching each
/// completion to the thread pool (the runtime's default) costs a queue hop and a thread wake-up per read on both the
/// reader's connection and the origin's; running it on the event thread removed about 7% of the gateway's CPU per
/// proxied page on the load test's machine (docs/performance.md §5b). The price is the one the runtime documents: code
/// that blocks inside a completion holds up the other sockets on that event thread. Nothing on the gateway's path
/// blocks (ContentGate's lookups are in memory, YARP and Kestrel are asynchronous throughout), and the runtime runs one
/// event thread per processor in this mode. The variable is read once, when the first socket is registered, so this
/// must run before the host opens any.
/// </remarks>
internal static class SocketCompletions
{
    /// <summary>The runtime's switch, read from the process environment when the first socket is registered.</summary>
    public const string InlineVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>
    /// Sets <see cref="InlineVariable"/> to <c>1</c> for this process unless it is already set (to anything: the
    /// operator's <c>0</c> keeps the thread pool). Returns whether completions will run inline.
    /// </summary>
    public static bool PreferInline()
    {
        if (Environment.GetEnvironmentVariable(InlineVariable) is { } chosen)
        {
            return chosen == "1";
        }

        Environment.SetEnvironmentVariable(InlineVariable, "1");
        return true;
    }
}
