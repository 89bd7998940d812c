using Microsoft.Extensions.Options;

namespace ContentGate.Tests.Infrastructure;

/// <summary>
/// What the start-up tests share: the error a host stops with when the contract configuration is changed, and the
/// check that a start-up error names what it must (the key, the value, the fix).
/// </summary>
internal static class StartupErrors
{
    /// <summary>
    /// Starts the contract host (<see cref="GateServer.ContractConfiguration"/>) after <paramref name="change"/> and
    /// returns the message of the <see cref="OptionsValidationException"/> that stops it.
    /// </summary>
    public static async Task<string> StartupError(Action<Dictionary<string, string?>> change)
    {
        var config = GateServer.ContractConfiguration();
        change(config);
        using var host = GateServer.Build(config, null, null, out _);
        var error = await Assert.ThrowsAnyAsync<OptionsValidationException>(() => host.StartAsync());
        return error.Message;
    }

    /// <summary>Asserts that <paramref name="message"/> contains every one of <paramref name="parts"/>, showing it whole when not.</summary>
    public static void AssertMentions(string? message, params string[] parts)
    {
        Assert.NotNull(message);
        foreach (var part in parts)
        {
            Assert.True(message.Contains(part, StringComparison.Ordinal), $"Expected the start-up error to mention \"{part}\", but it was:\n{message}");
        }
    }
}
