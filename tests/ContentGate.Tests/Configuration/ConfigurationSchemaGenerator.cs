using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ContentGate.Sources;

namespace ContentGate.Tests.Configuration;

/// <summary>
/// Writes the JSON schema of the <c>ContentGate</c> configuration section from the options types themselves
/// (<see cref="ContentGateOptions"/> and every option class it reaches) and their XML documentation, so the schema
/// cannot drift from what the binder accepts. <see cref="ConfigurationSchemaTests"/> regenerates it on every run.
/// </summary>
/// <remarks>
/// The shapes follow <c>ContentGateConfigurationBinder</c>'s own walk: every public instance property is a key; an
/// <see cref="IDictionary{TKey, TValue}"/> is an object whose keys are names chosen by the user
/// (<c>additionalProperties</c>); an <see cref="IList{T}"/> is an array; an enum is a string naming a member; an options
/// class is an object with <c>additionalProperties: false</c>, so a misspelt key is flagged as the binder would
/// refuse it. Keys and enum names are written as declared: the binder ignores case, the schema does not (see the
/// README's "Configuration schema"). Everything is inlined, without <c>definitions</c>: editors merge every package's
/// segment into one document, where shared definition names could collide. Draft 07, as the editors' merge expects.
/// </remarks>
internal static class ConfigurationSchemaGenerator
{
    private const string Draft07 = "http://json-schema.org/draft-07/schema#";

    // TimeSpan.Parse's invariant forms: days ("30"), or [d.]hh:mm[:ss[.fffffff]] ("30.00:00:00", "00:00:00.300").
    private const string TimeSpanPattern = @"^-?(\d+|(\d+\.)?\d{1,2}:\d{1,2}(:\d{1,2}(\.\d{1,7})?)?)$";

    private static readonly JsonSerializerOptions Output = new()
    {
        WriteIndented = true,
        IndentSize = 2,
        NewLine = "\n",

        // The descriptions quote HTML (<body>, the default 451 page): readable in the file, as in the editor.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The schema of the section itself: what goes under <c>"ContentGate"</c>.</summary>
    public static JsonObject Section()
    {
        var documentation = XmlDocumentation.For(typeof(ContentGateOptions).Assembly);
        var section = ObjectSchema(typeof(ContentGateOptions), documentation, documentation.Of(typeof(ContentGateOptions)));
        return section;
    }

    /// <summary>
    /// <c>src/ContentGate/ConfigurationSchema.json</c>, the package's segment: editors that read
    /// <c>JsonSchemaSegment</c> items merge it with every other package's into the schema of <c>appsettings*.json</c>.
    /// </summary>
    public static string PackageSegment()
        => Write(new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject { [ContentGateDefaults.SectionName] = Section() },
        });

    /// <summary>
    /// <c>schemas/contentgate.schema.json</c>, for a <c>"$schema"</c> reference: a whole appsettings file, whose other
    /// keys (<c>Logging</c>, <c>AllowedHosts</c>, the app's own) are left alone.
    /// </summary>
    public static string Published()
        => Write(new JsonObject
        {
            ["$schema"] = Draft07,
            ["title"] = "ASP.NET Core appsettings with a ContentGate section",
            ["description"] = "Checks the ContentGate section of an appsettings file and leaves its other keys alone. Generated from ContentGate's options types by tests/ContentGate.Tests/Configuration/ConfigurationSchemaTests: do not edit by hand.",
            ["type"] = "object",
            ["properties"] = new JsonObject { [ContentGateDefaults.SectionName] = Section() },
        });

    /// <summary>The keys the binder accepts on <paramref name="type"/>, in declaration order.</summary>
    public static IEnumerable<PropertyInfo> Keys(Type type)
        => type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0)
            .OrderBy(p => p.MetadataToken);

    public static Type? DictionaryValue(Type type) => GenericInterface(type, typeof(IDictionary<,>))?.GetGenericArguments()[1];

    public static Type? ListElement(Type type) => GenericInterface(type, typeof(IList<>))?.GetGenericArguments()[0];

    private static string Write(JsonObject schema) => schema.ToJsonString(Output) + "\n";

    private static JsonObject Schema(Type type, XmlDocumentation documentation, string? description, object? defaultValue)
    {
        var scalar = Nullable.GetUnderlyingType(type) ?? type;
        JsonObject schema;
        if (scalar.IsEnum)
        {
            var names = Enum.GetNames(scalar);
            schema = Describe(new JsonObject { ["type"] = "string" }, description);
            schema["enum"] = new JsonArray([.. names.Select(n => JsonValue.Create(n))]);

            // VS Code shows these beside each value; validators ignore the keyword.
            schema["enumDescriptions"] = new JsonArray([.. names.Select(n => JsonValue.Create(documentation.Of(scalar, n) ?? n))]);
        }
        else if (scalar == typeof(string))
        {
            schema = Describe(new JsonObject { ["type"] = "string" }, description);
        }
        else if (scalar == typeof(bool))
        {
            schema = Describe(new JsonObject { ["type"] = "boolean" }, description);
        }
        else if (scalar == typeof(int) || scalar == typeof(long))
        {
            schema = Describe(new JsonObject { ["type"] = "integer" }, description);
        }
        else if (scalar == typeof(TimeSpan))
        {
            schema = Describe(new JsonObject { ["type"] = "string" }, description);
            schema["pattern"] = TimeSpanPattern;
        }
        else if (DictionaryValue(scalar) is { } value)
        {
            schema = Describe(new JsonObject { ["type"] = "object" }, description);
            schema["additionalProperties"] = Schema(value, documentation, ValueDescription(value, documentation), defaultValue: null);
        }
        else if (ListElement(scalar) is { } element)
        {
            schema = Describe(new JsonObject { ["type"] = "array" }, description);
            schema["items"] = Schema(element, documentation, ValueDescription(element, documentation), defaultValue: null);
        }
        else if (scalar.IsClass && scalar.Namespace?.StartsWith("ContentGate", StringComparison.Ordinal) == true)
        {
            return ObjectSchema(scalar, documentation, description);
        }
        else
        {
            throw new NotSupportedException($"The schema generator has no shape for {scalar} yet. Add one beside the others, as the binder reads it.");
        }

        // Only what a fresh options object holds is known here; defaults applied later are in the description.
        schema["default"] = defaultValue switch
        {
            bool b => JsonValue.Create(b),
            int i => JsonValue.Create(i),
            _ => null,
        };
        if (schema["default"] is null)
        {
            schema.Remove("default");
        }

        return schema;
    }

    private static JsonObject ObjectSchema(Type type, XmlDocumentation documentation, string? description)
    {
        var instance = Activator.CreateInstance(type);
        var properties = new JsonObject();
        foreach (var key in Keys(type))
        {
            var defaultValue = key.PropertyType.IsValueType ? key.GetValue(instance) : null;
            properties[key.Name] = Schema(key.PropertyType, documentation, documentation.Of(key), defaultValue);
        }

        var schema = Describe(new JsonObject { ["type"] = "object" }, description);
        schema["properties"] = properties;
        if (type == typeof(RegionSourceOptions))
        {
            return SourceEntrySchema(schema);
        }

        schema["additionalProperties"] = false;
        return schema;
    }

    /// <summary>
    /// A <c>Sources</c> entry: a built-in <c>Type</c> (spelt as documented) has exactly the keys above, as the binder
    /// checks them; any other name is a source type an app registers (the MaxMind web service's package, or its own),
    /// whose keys its factory checks at start-up, so the schema leaves them open. A built-in name in another case is
    /// flagged, as every enum value is.
    /// </summary>
    private static JsonObject SourceEntrySchema(JsonObject schema)
    {
        var builtIn = Enum.GetNames<RegionSourceType>();
        var typeSchema = schema["properties"]![nameof(RegionSourceOptions.Type)]!.AsObject();
        typeSchema.Remove("type");
        typeSchema["anyOf"] = new JsonArray(
            new JsonObject { ["enum"] = new JsonArray([.. builtIn.Select(n => JsonValue.Create(n))]) },
            new JsonObject
            {
                ["type"] = "string",
                ["not"] = new JsonObject { ["pattern"] = "^(" + string.Join("|", builtIn.Select(AnyCase)) + ")$" },
            });
        schema["if"] = new JsonObject
        {
            ["properties"] = new JsonObject { [nameof(RegionSourceOptions.Type)] = new JsonObject { ["enum"] = new JsonArray([.. builtIn.Select(n => JsonValue.Create(n))]) } },
            ["required"] = new JsonArray(nameof(RegionSourceOptions.Type)),
        };
        schema["then"] = new JsonObject
        {
            ["properties"] = new JsonObject([.. schema["properties"]!.AsObject().Select(p => KeyValuePair.Create(p.Key, (JsonNode?)new JsonObject()))]),
            ["additionalProperties"] = false,
        };
        return schema;
    }

    private static string AnyCase(string name)
        => string.Concat(name.Select(c => char.IsAsciiLetter(c) ? $"[{char.ToUpperInvariant(c)}{char.ToLowerInvariant(c)}]" : c.ToString()));

    // Entries of a list or dictionary: an options class says what it is; a plain string or list says nothing more.
    private static string? ValueDescription(Type type, XmlDocumentation documentation)
        => type.IsClass && type != typeof(string) && DictionaryValue(type) is null && ListElement(type) is null ? documentation.Of(type) : null;

    private static JsonObject Describe(JsonObject schema, string? description)
    {
        if (description is not null)
        {
            schema["description"] = description;
        }

        return schema;
    }

    private static Type? GenericInterface(Type type, Type definition)
        => type.IsGenericType && type.GetGenericTypeDefinition() == definition
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == definition);
}
