using Microsoft.Extensions.Options;

namespace ContentGate.Configuration;

/// <summary>
/// Validates options by compiling them, so start-up fails on exactly the problems that would break requests.
/// </summary>
internal sealed class ContentGateOptionsValidator(GateCompiler compiler) : IValidateOptions<ContentGateOptions>
{
    public ValidateOptionsResult Validate(string? name, ContentGateOptions options)
    {
        if (compiler.TryCompile(options, out _, out var errors))
        {
            return ValidateOptionsResult.Success;
        }

        // Thrown rather than returned so the host's start-up error lists one problem per line.
        throw new ContentGateConfigurationException(errors);
    }
}
