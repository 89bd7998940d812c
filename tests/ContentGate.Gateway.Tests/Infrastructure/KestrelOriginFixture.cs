namespace ContentGate.Gateway.Tests.Infrastructure;

/// <summary>One <see cref="KestrelOrigin"/> shared by the tests of a class, each of which starts its own gateway in front of it.</summary>
public sealed class KestrelOriginFixture : IAsyncLifetime
{
    internal KestrelOrigin Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await KestrelOrigin.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
