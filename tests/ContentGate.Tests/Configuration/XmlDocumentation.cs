using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace ContentGate.Tests.Configuration;

/// <summary>
/// The XML documentation the compiler writes beside an assembly (<c>ContentGate.xml</c>), read as plain text for the
/// descriptions of the configuration schema: what an editor shows when the cursor is on a key.
/// </summary>
/// <remarks>
/// A <c>&lt;see cref&gt;</c> to a member of <see cref="ContentGateDefaults"/> becomes that member's value, so
/// "Defaults to <c>ContentGateDefaults.PathPrefix</c>" reads "Defaults to /_contentgate" in the editor; other
/// references become the member's name.
/// </remarks>
internal sealed partial class XmlDocumentation
{
    private readonly Dictionary<string, XElement> _members;

    private XmlDocumentation(Dictionary<string, XElement> members) => _members = members;

    public static XmlDocumentation For(Assembly assembly)
    {
        var path = Path.ChangeExtension(assembly.Location, ".xml");
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{path} is missing: the schema's descriptions come from the XML documentation the build writes beside the assembly.");
        }

        var members = XDocument.Load(path).Descendants("member")
            .Where(m => m.Attribute("name") is not null)
            .ToDictionary(m => m.Attribute("name")!.Value, StringComparer.Ordinal);
        return new XmlDocumentation(members);
    }

    /// <summary>The summary and remarks of a type, or <see langword="null"/> when it has none.</summary>
    public string? Of(Type type) => Describe("T:" + Name(type));

    /// <summary>
    /// The summary and remarks of a property, or <see langword="null"/> when it has none. The accessor words a .NET
    /// reader expects ("Gets or sets the path…", "Gets a value indicating whether…") mean nothing in a JSON file, so
    /// the description starts with what follows them ("The path…", "Whether…").
    /// </summary>
    public string? Of(PropertyInfo property)
    {
        var text = Describe($"P:{Name(property.DeclaringType!)}.{property.Name}");
        var accessor = text is null ? 0 : Accessor().Match(text).Length;
        return accessor > 0 && accessor < text!.Length ? char.ToUpperInvariant(text[accessor]) + text[(accessor + 1)..] : text;
    }

    /// <summary>The summary of an enum member, or <see langword="null"/> when it has none.</summary>
    public string? Of(Type enumType, string member) => Describe($"F:{Name(enumType)}.{member}");

    private static string Name(Type type) => type.FullName!.Replace('+', '.');

    private string? Describe(string id)
    {
        if (!_members.TryGetValue(id, out var member))
        {
            return null;
        }

        var parts = new[] { member.Element("summary"), member.Element("remarks") }
            .Where(e => e is not null)
            .Select(e => Whitespace().Replace(Text(e!), " ").Trim())
            .Where(t => t.Length > 0)
            .ToList();
        return parts.Count == 0 ? null : string.Join("\n\n", parts);
    }

    private static string Text(XElement element)
    {
        var text = new StringBuilder();
        foreach (var node in element.Nodes())
        {
            switch (node)
            {
                case XText plain:
                    text.Append(plain.Value);
                    break;
                case XElement { Name.LocalName: "see" or "seealso" } see:
                    text.Append(Reference(see));
                    break;
                case XElement { Name.LocalName: "paramref" or "typeparamref" } parameter:
                    text.Append(parameter.Attribute("name")?.Value);
                    break;
                case XElement { Name.LocalName: "para" } paragraph:
                    text.Append(' ').Append(Text(paragraph)).Append(' ');
                    break;
                case XElement other:
                    text.Append(Text(other));
                    break;
            }
        }

        return text.ToString();
    }

    private static string Reference(XElement see)
    {
        if (see.Attribute("langword") is { } word)
        {
            return word.Value;
        }

        if (see.Attribute("cref") is not { } cref)
        {
            return see.Value.Length > 0 ? see.Value : see.Attribute("href")?.Value ?? string.Empty;
        }

        if (see.Value.Length > 0)
        {
            return see.Value;
        }

        var id = cref.Value;
        var name = id[(id.IndexOf(':', StringComparison.Ordinal) + 1)..];
        var defaults = typeof(ContentGateDefaults).FullName + ".";
        if (name.StartsWith(defaults, StringComparison.Ordinal)
            && typeof(ContentGateDefaults).GetField(name[defaults.Length..], BindingFlags.Public | BindingFlags.Static) is { } field)
        {
            return Value(field.GetValue(null));
        }

        // T:ContentGate.Policies.PolicyAction → PolicyAction; F:ContentGate.Policies.PolicyAction.Notice → Notice.
        var paren = name.IndexOf('(', StringComparison.Ordinal);
        var plain = paren < 0 ? name : name[..paren];
        var last = plain[(plain.LastIndexOf('.') + 1)..];
        var tick = last.IndexOf('`', StringComparison.Ordinal);
        return tick < 0 ? last : last[..tick];
    }

    private static string Value(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    [GeneratedRegex(@"^Gets (or sets )?(a value indicating )?")]
    private static partial Regex Accessor();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
