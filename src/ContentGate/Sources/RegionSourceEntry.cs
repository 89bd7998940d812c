using Microsoft.Extensions.Configuration;

namespace ContentGate.Sources;

/// <summary>One <c>ContentGate:Sources</c> entry, as an <see cref="IRegionSourceFactory"/> sees it.</summary>
public sealed class RegionSourceEntry
{
    private readonly List<string> _problems;

    internal RegionSourceEntry(string type, string key, IConfiguration? configuration, IServiceProvider services, List<string> problems)
    {
        Type = type;
        Key = key;
        Configuration = configuration;
        Services = services;
        _problems = problems;
    }

    /// <summary>Gets the entry's <c>Type</c>, as configured.</summary>
    public string Type { get; }

    /// <summary>Gets the entry's configuration key, such as <c>ContentGate:Sources:1</c>, to start problem messages with.</summary>
    public string Key { get; }

    /// <summary>
    /// Gets the entry's own keys (its <c>Type</c> included), to bind and validate; <see langword="null"/> when the
    /// options were set in code rather than bound from configuration. ContentGate checks no key of an entry whose type
    /// it does not know: report keys the source does not read as problems.
    /// </summary>
    public IConfiguration? Configuration { get; }

    /// <summary>Gets the app's services.</summary>
    public IServiceProvider Services { get; }

    /// <summary>
    /// Reports a mistake in the entry. Write it as ContentGate's own messages are written: the key, the value (never a
    /// secret), and what to do, such as <c>ContentGate:Sources:1:Timeout: '00:05:00' is outside 10 ms to 10 s. Use …</c>.
    /// </summary>
    /// <param name="message">The message.</param>
    public void AddProblem(string message)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(message);
        _problems.Add(message);
    }
}
