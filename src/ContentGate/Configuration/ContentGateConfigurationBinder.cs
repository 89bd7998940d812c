using System.ComponentModel;
using ContentGate.Policies;
using ContentGate.Sources;
using Microsoft.Extensions.Configuration;

namespace ContentGate.Configuration;

/// <summary>
/// Binds the <c>ContentGate</c> section. Unknown keys are errors (a misspelt <c>ExcludePaths</c> silently
/// ignored would apply a legal rule where it must not), and enum and other values are checked first so the message
/// can say what is valid. Every problem is collected: the keys with problems are left out and the rest is bound, so
/// the compiler can report the problems of the rest too.
/// </summary>
internal static class ContentGateConfigurationBinder
{
    public static void Bind(IConfiguration section, ContentGateOptions options)
    {
        var problems = new List<string>();
        var path = section is IConfigurationSection s ? s.Path : ContentGateDefaults.SectionName;
        if (section is IConfigurationSection { } named && !named.Exists())
        {
            // A typo in the section name, a missing appsettings file or an environment without the section would
            // otherwise start an app that applies no rule at all, without a word.
            problems.Add(
                $"{path}: the configuration has no '{path}' section (or only an empty one), so ContentGate would apply no policy. " +
                $"Add the section (appsettings.json, appsettings.{{Environment}}.json, or environment variables such as {path.Replace(":", "__", StringComparison.Ordinal)}__Policies__…), " +
                $"check the name passed to GetSection(\"{path}\"), or, to start with no policies on purpose, write \"{path}\": {{ \"Policies\": {{}} }}.");
            options.BindingProblems.AddRange(problems);
            return;
        }

        var badKeys = options.BindingProblemKeys;
        CheckKeys(section, path, typeof(ContentGateOptions), problems, badKeys);
        try
        {
            // The framework's binder stops at the first value it cannot convert; those were found above, so it gets
            // the section without them.
            var bindable = badKeys.Count == 0 ? section : Without(section, path, badKeys);
            bindable.Bind(options);
            AttachSourceSections(bindable, options);
        }
        catch (InvalidOperationException ex)
        {
            problems.Add($"{path}: {ex.Message}");
        }

        options.BindingProblems.AddRange(problems);
    }

    /// <summary>A copy of <paramref name="section"/> without the keys under <paramref name="badKeys"/>.</summary>
    private static IConfiguration Without(IConfiguration section, string path, HashSet<string> badKeys)
    {
        var kept = section.AsEnumerable()
            .Where(pair => pair.Value is not null && !badKeys.Any(bad => IsUnder(pair.Key, bad)))
            .Select(pair => new KeyValuePair<string, string?>(section is IConfigurationSection ? pair.Key : $"{path}:{pair.Key}", pair.Value));
        return new ConfigurationBuilder().AddInMemoryCollection(kept).Build().GetSection(path);
    }

    private static bool IsUnder(string key, string bad)
        => key.StartsWith(bad, StringComparison.OrdinalIgnoreCase) && (key.Length == bad.Length || key[bad.Length] == ':');

    /// <summary>
    /// Gives each <c>Sources</c> entry its own section: a registered source type reads its keys from there. Entries are
    /// bound again one by one, so each options object sits beside the section it came from.
    /// </summary>
    private static void AttachSourceSections(IConfiguration section, ContentGateOptions options)
    {
        var entries = section.GetSection(nameof(ContentGateOptions.Sources)).GetChildren().ToList();
        if (entries.Count == 0)
        {
            return;
        }

        options.Sources.Clear();
        foreach (var entry in entries)
        {
            var source = new RegionSourceOptions { Configuration = entry };
            entry.Bind(source);
            options.Sources.Add(source);
        }
    }

    /// <summary>
    /// Walks the section against the shape of the options types, so every unknown key is reported with the keys
    /// that are valid at that place. Reflection keeps this in step with the options as they grow.
    /// </summary>
    private static void CheckKeys(IConfiguration section, string path, Type type, List<string> problems, HashSet<string> badKeys)
    {
        var scalarType = Nullable.GetUnderlyingType(type) ?? type;
        if (section is IConfigurationSection { Value: { Length: > 0 } } scalar && scalarType != typeof(string)
            && (scalarType.IsEnum ? CheckEnum(scalarType, scalar) : CheckValue(scalarType, scalar)) is { } problem)
        {
            problems.Add(problem);
            badKeys.Add(path);
        }

        if (type == typeof(string) || type.IsEnum || Nullable.GetUnderlyingType(type) is not null || type.IsPrimitive || type == typeof(TimeSpan))
        {
            foreach (var child in section.GetChildren())
            {
                problems.Add($"{path}:{child.Key}: '{path}' is a single value and has no settings under it. Remove '{child.Key}'.");
                badKeys.Add($"{path}:{child.Key}");
            }

            return;
        }

        if (GetGenericInterface(type, typeof(IDictionary<,>)) is { } dictionary)
        {
            var valueType = dictionary.GetGenericArguments()[1];
            foreach (var child in section.GetChildren())
            {
                CheckKeys(child, $"{path}:{child.Key}", valueType, problems, badKeys);
            }

            return;
        }

        if (GetGenericInterface(type, typeof(IList<>)) is { } list)
        {
            var elementType = list.GetGenericArguments()[0];
            foreach (var child in section.GetChildren())
            {
                var isIndex = int.TryParse(child.Key, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _);
                if (isIndex && elementType == typeof(RegionSourceOptions) && !RegionSourceCompiler.TryParseBuiltIn(child[nameof(RegionSourceOptions.Type)], out _))
                {
                    // A registered source type (or a missing or unknown one, which the compiler reports) has keys of
                    // its own: its factory checks them.
                    continue;
                }

                if (isIndex && elementType != typeof(string) && elementType.IsClass)
                {
                    // A list of objects (such as Sources): each entry is checked against the element's own keys.
                    CheckKeys(child, $"{path}:{child.Key}", elementType, problems, badKeys);
                    continue;
                }

                if (!int.TryParse(child.Key, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _) || child.GetChildren().Any())
                {
                    problems.Add($"{path}:{child.Key}: '{path}' is a list of values. Write it as a JSON array, for example [ \"RU\", \"UA-43\" ].");
                    badKeys.Add($"{path}:{child.Key}");
                }
            }

            return;
        }

        var properties = type.GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance)
            .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var child in section.GetChildren())
        {
            if (properties.TryGetValue(child.Key, out var property))
            {
                CheckKeys(child, $"{path}:{child.Key}", property.PropertyType, problems, badKeys);
                continue;
            }

            var names = properties.Keys.Order(StringComparer.Ordinal).ToList();
            var closest = names.MinBy(n => EditDistance.Between(n, child.Key));
            var hint = closest is not null && EditDistance.Between(closest, child.Key) <= 3 ? $" Did you mean '{closest}'?" : string.Empty;
            problems.Add($"{path}:{child.Key}: '{child.Key}' is not a ContentGate setting.{hint} Valid keys here: {string.Join(", ", names)}.");
            badKeys.Add($"{path}:{child.Key}");
        }
    }

    private static Type? GetGenericInterface(Type type, Type definition)
        => type.IsGenericType && type.GetGenericTypeDefinition() == definition
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == definition);

    private static string? CheckEnum(Type enumType, IConfigurationSection key)
    {
        var value = key.Value!;

        // Numbers parse as enums too; only names are part of the contract.
        return char.IsAsciiDigit(value.TrimStart('-')[0]) || !Enum.TryParse(enumType, value, ignoreCase: true, out var parsed) || !Enum.IsDefined(enumType, parsed!)
            ? $"{key.Path}: '{value}' is not valid. Use one of: {string.Join(", ", Enum.GetNames(enumType))}."
            : null;
    }

    /// <summary>Converts a value as the framework's binder does (a type converter, invariant culture), to name it when it fails.</summary>
    private static string? CheckValue(Type type, IConfigurationSection key)
    {
        var converter = TypeDescriptor.GetConverter(type);
        if (!converter.CanConvertFrom(typeof(string)))
        {
            return null;
        }

        try
        {
            _ = converter.ConvertFromInvariantString(key.Value!);
            return null;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or NotSupportedException or OverflowException || ex.InnerException is FormatException or OverflowException)
        {
            var fix = type == typeof(bool) ? "Use true or false."
                : type == typeof(TimeSpan) ? "Use a duration as hours:minutes:seconds, for example \"00:00:00.300\" (300 ms) or \"1.00:00:00\" (one day)."
                : type == typeof(int) || type == typeof(long) ? "Use a whole number, for example 30."
                : $"Use a value of type {type.Name}.";
            return $"{key.Path}: '{key.Value}' is not valid. {fix}";
        }
    }
}
