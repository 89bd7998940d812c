using ContentGate.Configuration;
using ContentGate.Policies;
using Microsoft.Extensions.Options;

namespace ContentGate.Gating;

/// <summary>Holds the compiled snapshot the middleware reads on every request.</summary>
internal sealed class ContentGateRuntime
{
    private readonly GateSnapshot _current;

    public ContentGateRuntime(IOptions<ContentGateOptions> options, GateCompiler compiler)
    {
        // Options were validated (compiled) at start-up; compiling again here reuses the opened database.
        _current = compiler.Compile(options.Value);
    }

    public GateSnapshot Current => _current;
}
