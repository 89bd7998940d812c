using Microsoft.Extensions.Options;

namespace ContentGate.Configuration;

/// <summary>Thrown at start-up when the ContentGate options are invalid; one failure per problem.</summary>
internal sealed class ContentGateConfigurationException : OptionsValidationException
{
    public ContentGateConfigurationException(IReadOnlyList<string> failures)
        : base(ContentGateDefaults.SectionName, typeof(ContentGateOptions), failures)
    {
    }

    public override string Message
        => "ContentGate configuration is invalid:" + Environment.NewLine + string.Join(Environment.NewLine, Failures.Select(f => "  - " + f));
}
