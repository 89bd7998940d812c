using Microsoft.Extensions.Logging;

namespace ContentGate.Sources;

/// <summary>The app services region sources may need, handed to them when they are compiled.</summary>
internal sealed record SourceServices(IServiceProvider Services, ILoggerFactory LoggerFactory, Diagnostics.ContentGateMetrics Metrics);
