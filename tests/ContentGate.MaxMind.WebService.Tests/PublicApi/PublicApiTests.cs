using ContentGate.Tests.PublicApi;

namespace ContentGate.MaxMind.WebService.Tests.PublicApi;

/// <summary>
/// The package's public surface is a contract: any change shows up as a diff against the approved file. To accept a
/// deliberate change, copy the .received.txt file over the .approved.txt one.
/// </summary>
public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_ContentGateMaxMindWebService_MatchesApprovedSnapshot()
        => PublicApiApproval.AssertApproved(typeof(MaxMindWebServiceOptions).Assembly, "ContentGate.MaxMind.WebService", "ContentGate.MaxMind.WebService.Tests.csproj");
}
