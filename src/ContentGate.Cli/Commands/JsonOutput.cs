using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ContentGate.Regions;

namespace ContentGate.Cli.Commands;

/// <summary>The pieces of <c>--json</c> output the commands share. Every key is always written (null when not applicable).</summary>
internal static class JsonOutput
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        // Terminal and pipe output, never HTML: keep non-ASCII text and '<' readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Render(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, Options))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static void WriteRegion(Utf8JsonWriter writer, string name, Region region, string? source, RegionUnknownReason reason)
    {
        writer.WriteStartObject(name);
        writer.WriteBoolean("known", region.IsKnown);
        writer.WriteString("country", region.CountryCode);
        writer.WriteStartArray("subdivisions");
        foreach (var subdivision in region.SubdivisionCodes)
        {
            writer.WriteStringValue(subdivision);
        }

        writer.WriteEndArray();
        writer.WriteStartObject("subdivisionNames");
        foreach (var subdivision in region.SubdivisionCodes)
        {
            writer.WriteString(subdivision, Region.GetSubdivisionName(subdivision));
        }

        writer.WriteEndObject();
        if (region.AutonomousSystemNumber is { } number)
        {
            writer.WriteNumber("autonomousSystem", number);
        }
        else
        {
            writer.WriteNull("autonomousSystem");
        }

        writer.WriteString("source", source);
        writer.WriteString("unknownReason", region.IsKnown ? null : reason.ToString());
        writer.WriteEndObject();
    }

    /// <summary>The object a failed command writes to standard output under <c>--json</c>.</summary>
    public static string Error(string code, IEnumerable<string> problems) => Render(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("error", code);
        writer.WriteStartArray("problems");
        foreach (var problem in problems)
        {
            writer.WriteStringValue(problem);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    });
}
