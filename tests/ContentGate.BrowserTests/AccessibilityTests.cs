using ContentGate.BrowserTests.Infrastructure;
using Xunit.Abstractions;

namespace ContentGate.BrowserTests;

/// <summary>
/// axe-core on every page a visitor can get: with and without the notice, the 451 page and the region page. A
/// serious or critical violation fails the test with the rule, the element and the fix;
/// lesser findings are written to the test output.
/// </summary>
public sealed class AccessibilityTests(SampleSiteFixture site, ITestOutputHelper output) : BrowserTest(site, output)
{
    [Theory]
    [InlineData("/", DemoVisitors.Russia, 200)]
    [InlineData("/", DemoVisitors.Crimea, 200)]
    [InlineData("/", DemoVisitors.Germany, 200)]
    [InlineData("/", DemoVisitors.Kyiv, 200)]
    [InlineData("/articles/restricted-in-kazakhstan", DemoVisitors.Kazakhstan, 451)]
    [InlineData("/region", DemoVisitors.Crimea, 200)]
    [InlineData("/investigations/frontline", DemoVisitors.Russia, 200)]          // the acknowledgment interstitial
    [InlineData("/donate/not-available", DemoVisitors.Russia, 200)]              // where the redirect lands
    [InlineData("/legal", DemoVisitors.Kazakhstan, 200)]
    [InlineData("/?contentgate-region=UA-43", DemoVisitors.Germany, 200)]        // preview
    public async Task Page_ForVisitor_HasNoSeriousOrCriticalAxeViolations(string path, string address, int status)
    {
        var (page, response) = await VisitAsync(address, path);
        Assert.Equal(status, response.Status);

        var result = await AxeScan.RunAsync(page);
        var violations = AxeScan.Serious(result);

        // Minor and moderate findings do not fail the test but are worth reading.
        Output.WriteLine(result.Violations.Length == 0 ? "axe: no violations." : "axe: " + AxeScan.Describe(result.Violations));

        Assert.True(violations.Count == 0, $"axe found serious or critical violations on {path} for {address}:\n{AxeScan.Describe(violations)}");
    }
}
