using System.Globalization;
using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace ContentGate.BrowserTests.Infrastructure;

/// <summary>axe-core scans of a loaded page (the axe script ships inside Deque.AxeCore.Commons; nothing is downloaded).</summary>
internal static class AxeScan
{
    private static readonly string[] BlockingImpacts = ["serious", "critical"];

    /// <summary>Runs every axe rule on the loaded page.</summary>
    public static Task<AxeResult> RunAsync(IPage page) => page.RunAxe();

    /// <summary>The violations that fail a test: impact serious or critical.</summary>
    public static IReadOnlyList<AxeResultItem> Serious(AxeResult result) =>
        result.Violations.Where(v => BlockingImpacts.Contains(v.Impact, StringComparer.OrdinalIgnoreCase)).ToList();

    /// <summary>A report a developer can act on without rerunning the scan.</summary>
    public static string Describe(IEnumerable<AxeResultItem> violations)
    {
        var report = new StringBuilder();
        foreach (var violation in violations)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"[{violation.Impact}] {violation.Id}: {violation.Help} ({violation.HelpUrl})");
            foreach (var node in violation.Nodes)
            {
                report.AppendLine(CultureInfo.InvariantCulture, $"    at {node.Target}: {node.Html}");
                AppendChecks(report, "fix any of", node.Any);
                AppendChecks(report, "fix all of", [.. node.All ?? [], .. node.None ?? []]);
            }
        }

        return report.ToString();
    }

    // axe's own failureSummary, which Deque.AxeCore.Commons does not carry over: the messages of the failed checks.
    private static void AppendChecks(StringBuilder report, string heading, AxeResultCheck[]? checks)
    {
        if (checks is { Length: > 0 })
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"      {heading}: {string.Join(" | ", checks.Select(c => c.Message))}");
        }
    }
}
