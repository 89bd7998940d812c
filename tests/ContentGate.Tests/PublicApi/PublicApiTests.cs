namespace ContentGate.Tests.PublicApi;

/// <summary>
/// The public surface is a contract: any change shows up as a diff against the approved file. To accept a
/// deliberate change, copy the .received.txt file over the .approved.txt one.
/// </summary>
public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_ContentGate_MatchesApprovedSnapshot()
        => PublicApiApproval.AssertApproved(typeof(ContentGateOptions).Assembly, "ContentGate", "ContentGate.Tests.csproj");
}
