using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ContentGate.Sample;

/// <summary>Writes the health report as JSON, with each check's data (database age, reload state, sources).</summary>
public static class HealthReportWriter
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new { status = e.Value.Status.ToString(), description = e.Value.Description, data = e.Value.Data.ToDictionary(d => d.Key, d => d.Value?.ToString()) }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, Indented));
    }
}
