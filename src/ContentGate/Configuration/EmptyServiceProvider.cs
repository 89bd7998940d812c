namespace ContentGate.Configuration;

/// <summary>For a compiler built outside dependency injection (tests, the CLI): no services.</summary>
internal sealed class EmptyServiceProvider : IServiceProvider
{
    public static EmptyServiceProvider Instance { get; } = new();

    public object? GetService(Type serviceType) => null;
}
