using ContentGate.Cli.Commands;
using ContentGate.Regions;

namespace ContentGate.Cli.Explaining;

/// <summary>Writes an <see cref="Explanation"/> for people (aligned text) or scripts (<c>--json</c>).</summary>
internal static class ExplainReport
{
    public static void WriteText(TextWriter output, Explanation explanation, IReadOnlyList<string> configurationFiles, string environment)
    {
        output.WriteLine($"Configuration: {string.Join(", ", configurationFiles)} (environment {environment})");
        output.WriteLine(explanation.Address.Equals(explanation.NormalizedAddress)
            ? $"Address: {explanation.NormalizedAddress}"
            : $"Address: {explanation.NormalizedAddress} (given as {explanation.Address})");
        foreach (var (name, value) in explanation.Headers)
        {
            output.WriteLine($"Header: {name}: {value}");
        }

        output.WriteLine($"Path: {explanation.Path}");
        output.WriteLine("Region: " + RegionText(explanation.Region));
        WriteSubdivisions(output, explanation.Region.Region);
        output.WriteLine();
        if (explanation.Policies.Count == 0)
        {
            output.WriteLine("Policies: none configured");
        }
        else
        {
            output.WriteLine("Policies, in evaluation order:");
            var nameWidth = explanation.Policies.Max(p => p.Name.Length) + 2;
            var actionWidth = explanation.Policies.Max(p => p.Action.ToString().Length) + 2;
            foreach (var verdict in explanation.Policies)
            {
                output.WriteLine($"  {verdict.Name.PadRight(nameWidth)}{verdict.Action.ToString().PadRight(actionWidth)}{verdict.Text}");
            }
        }

        output.WriteLine();
        output.WriteLine("Outcome: " + explanation.Outcome.Text);
    }

    public static void WriteJson(TextWriter output, Explanation explanation, IReadOnlyList<string> configurationFiles, string environment)
    {
        output.WriteLine(JsonOutput.Render(writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartObject("configuration");
            writer.WriteStartArray("files");
            foreach (var file in configurationFiles)
            {
                writer.WriteStringValue(file);
            }

            writer.WriteEndArray();
            writer.WriteString("environment", environment);
            writer.WriteEndObject();

            writer.WriteStartObject("request");
            writer.WriteString("address", explanation.NormalizedAddress.ToString());
            writer.WriteString("givenAddress", explanation.Address.ToString());
            writer.WriteString("path", explanation.Path);
            writer.WriteStartObject("headers");
            foreach (var group in explanation.Headers.GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase))
            {
                writer.WriteStartArray(group.Key);
                foreach (var (_, value) in group)
                {
                    writer.WriteStringValue(value);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();

            var feature = explanation.Region;
            JsonOutput.WriteRegion(writer, "region", feature.Region, feature.Source, feature.UnknownReason);

            writer.WriteStartArray("policies");
            foreach (var verdict in explanation.Policies)
            {
                writer.WriteStartObject();
                writer.WriteString("name", verdict.Name);
                writer.WriteString("action", verdict.Action.ToString());
                writer.WriteString("decision", verdict.Code);
                writer.WriteBoolean("applies", verdict.Applies);
                writer.WriteString("reason", verdict.Reason);
                writer.WriteString("unresolvedSubdivision", verdict.UnresolvedSubdivision?.ToString());
                writer.WriteEndObject();
            }

            writer.WriteEndArray();

            var outcome = explanation.Outcome;
            writer.WriteStartObject("outcome");
            writer.WriteString("kind", outcome.Code);
            writer.WriteStartArray("policies");
            foreach (var policy in outcome.Policies)
            {
                writer.WriteStringValue(policy);
            }

            writer.WriteEndArray();
            if (outcome.StatusCode is { } status)
            {
                writer.WriteNumber("statusCode", status);
            }
            else
            {
                writer.WriteNull("statusCode");
            }

            writer.WriteString("location", outcome.Location);
            writer.WriteString("text", outcome.Text);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }));
    }

    /// <summary>
    /// One line per subdivision with its ISO 3166-2 name and type: <c>Subdivision: UA-43 Avtonomna Respublika Krym
    /// (Republic)</c>; a code outside the list (a provider's own) says so.
    /// </summary>
    public static void WriteSubdivisions(TextWriter output, Region region)
    {
        foreach (var code in region.SubdivisionCodes)
        {
            output.WriteLine(IsoSubdivisions.TryGet(code, out var subdivision)
                ? $"Subdivision: {code} {subdivision.Name} ({subdivision.Type})"
                : $"Subdivision: {code} (not in the ISO 3166-2 list)");
        }
    }

    /// <summary><c>UA UA-43 (source: maxmind)</c>, or <c>Unknown (NonPublicAddress)</c>.</summary>
    public static string RegionText(RegionFeature feature)
        => feature.Region.IsKnown
            ? $"{feature.Region} (source: {feature.Source})"
            : $"Unknown ({feature.UnknownReason})";
}
