using System.Collections.Frozen;
using System.Text.RegularExpressions;
using ContentGate.Assets;
using ContentGate.Blocking;
using ContentGate.Languages;
using ContentGate.Diagnostics;
using ContentGate.MaxMind;
using ContentGate.Policies;
using ContentGate.Preview;
using ContentGate.Regions;
using ContentGate.Sources;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ContentGate.Configuration;

/// <summary>
/// Validates <see cref="ContentGateOptions"/> and compiles them into a <see cref="GateSnapshot"/>. Every problem
/// is collected (not just the first) and each message names the key, the value and the fix.
/// </summary>
internal sealed partial class GateCompiler
{
    private const int MaxNoticePolicies = 64;
    private const string Root = ContentGateDefaults.SectionName;

    private readonly MaxMindDatabaseCache _databases;
    private readonly ContentGateMetrics _metrics;
    private readonly ILoggerFactory _loggerFactory;
    private readonly string _contentRoot;

    private readonly IServiceProvider _services;

    public GateCompiler(MaxMindDatabaseCache databases, ContentGateMetrics metrics, ILoggerFactory loggerFactory, IHostEnvironment? environment = null, IServiceProvider? services = null)
    {
        _services = services ?? EmptyServiceProvider.Instance;
        _databases = databases;
        _metrics = metrics;
        _loggerFactory = loggerFactory;
        _contentRoot = environment?.ContentRootPath ?? Directory.GetCurrentDirectory();
    }

    public GateSnapshot Compile(ContentGateOptions options)
    {
        if (TryCompile(options, out var snapshot, out var errors))
        {
            return snapshot;
        }

        throw new ContentGateConfigurationException(errors);
    }

    public bool TryCompile(ContentGateOptions options, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out GateSnapshot? snapshot, out IReadOnlyList<string> errors)
    {
        var problems = new List<string>(options.BindingProblems);
        var files = new HashSet<string>(StringComparer.Ordinal);
        var sets = CompileRegionSets(options, problems);
        var defaultLanguage = CompileDefaultLanguage(options, problems);
        var byRegion = CompileLanguagesByRegion(options, problems);
        var prefix = CompilePrefix(options, problems);
        var allowedHosts = options.AllowedRedirectHosts.Where(h => !string.IsNullOrWhiteSpace(h)).Select(h => h.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var context = new PolicyContext(sets, defaultLanguage, allowedHosts, files, problems);

        var policies = new List<CompiledPolicy>();
        var usesSubdivisions = new List<string>();
        foreach (var (name, policy) in options.Policies.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (CompilePolicy(name, policy, context) is { } compiled)
            {
                policies.Add(compiled);
                if (compiled.RegionCodes.Any(code => code.Length > 2))
                {
                    usesSubdivisions.Add(name);
                }
            }
        }

        var noticeCount = policies.Count(p => p.Action == PolicyAction.Notice);
        if (noticeCount > MaxNoticePolicies)
        {
            problems.Add($"{Root}:Policies: {noticeCount} Notice policies are configured; at most {MaxNoticePolicies} are supported. Merge policies that share regions and paths.");
        }

        // Paths no policy may ever cover: ContentGate's own endpoints and the files crawlers and browsers fetch on
        // their own. Pages that explain a block and redirect targets may carry notices, but are never blocked,
        // redirected or put behind an interstitial, so no visitor is locked out of them and no redirect loops.
        var exempt = new List<string> { "/robots.txt", "/favicon.ico", "/.well-known", prefix };
        var neverGated = policies.Where(p => p.Block?.LocalBlockedBy is not null).Select(p => p.Block!.LocalBlockedBy!)
            .Concat(policies.Where(p => p.RedirectIsLocal).Select(p => p.RedirectUrl!.Split('?', '#')[0]))
            .Select(p => p.Length > 1 ? p.TrimEnd('/') : p)
            .ToList();
        var exemptPaths = CompilePaths($"{Root}:ExemptPaths", options.ExemptPaths, PathMatcher.None, problems);

        var database = OpenDatabase(options, (policies.Count > 0 || options.Policies.Count > 0) && RegionSourceCompiler.NeedsDatabase(options), usesSubdivisions, problems);
        var sources = RegionSourceCompiler.Compile(options, database, new SourceServices(_services, _loggerFactory, _metrics), problems);
        if (sources.Count == 0 && options.Policies.Count > 0 && problems.Count == 0)
        {
            problems.Add($"{Root}:Sources: no region source is usable, so every visitor would be unknown. Set {Root}:MaxMind:DatabasePath or add a source.");
        }

        if (problems.Count > 0)
        {
            // Sources may own connections (the web service's HTTP client, Redis); a snapshot that never serves must
            // not leave them open.
            foreach (var source in sources.OfType<IDisposable>())
            {
                source.Dispose();
            }

            snapshot = null;
            errors = problems;
            return false;
        }

        var resolver = new RegionResolver(sources, _metrics, _loggerFactory.CreateLogger<RegionResolver>());
        snapshot = new GateSnapshot(resolver, [.. policies], options.Caching.CdnCacheKeyIncludesRegion, sets)
        {
            PathPrefix = prefix,
            Exempt = PathMatcher.Create(exempt.Select(p => p.Length > 1 ? p.TrimEnd('/') : p)),
            ConfiguredExempt = exemptPaths,
            NeverGated = neverGated.Count == 0 ? PathMatcher.None : PathMatcher.Create(neverGated),
            Styling = new StylingSettings(options.Styling.DefaultStyles, string.IsNullOrWhiteSpace(options.Styling.NonceItemKey) ? null : options.Styling.NonceItemKey),
            Languages = new LanguageSelector(byRegion),
            Preview = new PreviewSettings(
                string.IsNullOrWhiteSpace(options.Preview.QueryParameter) ? ContentGateDefaults.PreviewParameter : options.Preview.QueryParameter.Trim(),
                string.IsNullOrWhiteSpace(options.Preview.AuthorizationPolicy) ? null : options.Preview.AuthorizationPolicy.Trim(),
                options.Preview.AllowInDevelopment),
            WatchedFiles = [.. files],
        };
        errors = [];
        return true;
    }

    private sealed record PolicyContext(
        Dictionary<string, FrozenSet<string>> Sets,
        string DefaultLanguage,
        HashSet<string> AllowedRedirectHosts,
        HashSet<string> Files,
        List<string> Problems);

    private static Dictionary<string, FrozenSet<string>> CompileRegionSets(ContentGateOptions options, List<string> problems)
    {
        var sets = new Dictionary<string, FrozenSet<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, entries) in options.RegionSets)
        {
            var key = $"{Root}:RegionSets:{name}";
            if (IsoCodes.IsCountry(name) || IsoCodes.TryNormalizeSubdivision(name, out _))
            {
                problems.Add($"{key}: a region set may not be named like the region code '{name.ToUpperInvariant()}', or policies could not tell them apart. Rename it, for example '{name.ToLowerInvariant()}-regions'.");
                continue;
            }

            if (entries is null || entries.Count == 0)
            {
                problems.Add($"{key} is empty. List country codes (\"RU\") or subdivision codes (\"UA-43\").");
                continue;
            }

            var codes = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < entries.Count; i++)
            {
                var entry = entries[i];
                if (TryParseRegionCode(entry, out var code, out var problem))
                {
                    codes.Add(code);
                }
                else if (entry is not null && options.RegionSets.ContainsKey(entry.Trim()))
                {
                    problems.Add($"{key}:{i}: '{entry}' is a region set; region sets list codes only and cannot contain other sets. Copy the codes of '{entry.Trim()}' here.");
                }
                else
                {
                    problems.Add($"{key}:{i}: '{entry}' {problem ?? "is not a country code (\"RU\") or an ISO 3166-2 subdivision code (\"UA-43\")"}.");
                }
            }

            sets[name] = codes.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        }

        return sets;
    }

    private static string CompileDefaultLanguage(ContentGateOptions options, List<string> problems)
    {
        var value = options.Languages.Default;
        if (string.IsNullOrWhiteSpace(value))
        {
            return ContentGateDefaults.DefaultLanguage;
        }

        if (!IsCultureName(value.Trim()))
        {
            problems.Add($"{Root}:Languages:Default: '{value}' is not a culture name. Use a language such as \"en\", \"ru\" or \"pt-BR\".");
        }

        return value.Trim();
    }

    private static FrozenDictionary<string, string> CompileLanguagesByRegion(ContentGateOptions options, List<string> problems)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (region, language) in options.Languages.ByRegion)
        {
            var key = $"{Root}:Languages:ByRegion:{region}";
            if (!TryParseRegionCode(region, out var code, out var problem))
            {
                problems.Add($"{key}: '{region}' {problem ?? "is not a country code (\"RU\") or a subdivision code (\"UA-43\")"}.");
            }
            else if (string.IsNullOrWhiteSpace(language) || !IsCultureName(language.Trim()))
            {
                problems.Add($"{key}: '{language}' is not a culture name. Use a language such as \"ru\", \"uk\" or \"kk\".");
            }
            else
            {
                result[code] = language.Trim();
            }
        }

        return result.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    private static string CompilePrefix(ContentGateOptions options, List<string> problems)
    {
        var value = options.PathPrefix;
        if (string.IsNullOrWhiteSpace(value))
        {
            return ContentGateDefaults.PathPrefix;
        }

        if (!PathMatcher.TryNormalize(value, out var normalized, out var problem) || normalized == "/")
        {
            problems.Add($"{Root}:PathPrefix: '{value}' {problem ?? "cannot be the root"}. Use a dedicated path such as \"{ContentGateDefaults.PathPrefix}\".");
            return ContentGateDefaults.PathPrefix;
        }

        return normalized;
    }

    private CompiledPolicy? CompilePolicy(string name, PolicyOptions policy, PolicyContext context)
    {
        var key = $"{Root}:Policies:{name}";
        var problems = context.Problems;
        var before = problems.Count;
        if (!PolicyNamePattern().IsMatch(name))
        {
            problems.Add($"{key}: the policy name '{name}' may contain only letters, digits, '-', '_' and '.', because it appears in markup, cookies, logs and metrics. Rename it, for example '{Regex.Replace(name, "[^A-Za-z0-9._-]+", "-")}'.");
        }

        if (policy is null)
        {
            problems.Add($"{key} is empty. Set at least Regions and Action.");
            return null;
        }

        if (policy.Action is not { } action || !Enum.IsDefined(action))
        {
            problems.Add($"{key}:Action is not set. Use \"Notice\", \"Block\", \"Acknowledge\" or \"Redirect\".");
            return null;
        }

        var codes = CompileRegions(key, policy, context);
        var paths = CompilePaths($"{key}:Paths", policy.Paths, PathMatcher.All, problems);
        var excludePaths = CompilePaths($"{key}:ExcludePaths", policy.ExcludePaths, PathMatcher.None, problems);
        var failMode = policy.FailMode ?? action switch
        {
            PolicyAction.Notice => ContentGateDefaults.NoticeFailMode,
            PolicyAction.Acknowledge => ContentGateDefaults.AcknowledgeFailMode,
            PolicyAction.Redirect => ContentGateDefaults.RedirectFailMode,
            _ => ContentGateDefaults.BlockFailMode,
        };

        switch (action)
        {
            case PolicyAction.Notice:
            {
                var notice = policy.Notice ?? new NoticeOptions();
                var content = CompileContent($"{key}:Notice", notice.Html, notice.HtmlFile, notice.Label ?? ContentGateDefaults.NoticeLabel, notice.ButtonText ?? ContentGateDefaults.DismissText, null, notice.Translations, context, required: true);
                return problems.Count > before || content is null ? null : new CompiledPolicy
                {
                    Name = name, Action = action, FailMode = failMode, RegionCodes = codes, Paths = paths, ExcludePaths = excludePaths,
                    Version = VersionOf(name, content), Content = content,
                    Placement = notice.Placement ?? NoticePlacement.AfterBodyStart, Dismissible = notice.Dismissible,
                };
            }

            case PolicyAction.Block:
            {
                var block = policy.Block ?? new BlockOptions();
                var content = CompileContent($"{key}:Block", block.Html ?? (block.HtmlFile is null ? ContentGateDefaults.BlockHtml : null), block.HtmlFile, ContentGateDefaults.BlockTitle, string.Empty, block.Detail, block.Translations, context, required: true);
                var blockedBy = block.BlockedBy?.Trim();
                if (blockedBy is not null && !IsValidBlockedBy(blockedBy))
                {
                    problems.Add($"{key}:Block:BlockedBy: '{block.BlockedBy}' is neither an absolute http(s) URL nor a local path. Use the address of the page that explains who imposed the block, for example \"https://example.org/legal\" or \"/legal\".");
                }

                return problems.Count > before || content is null ? null : new CompiledPolicy
                {
                    Name = name, Action = action, FailMode = failMode, RegionCodes = codes, Paths = paths, ExcludePaths = excludePaths,
                    Version = VersionOf(name, content), Content = content, Block = new BlockResponse(name, blockedBy, content),
                };
            }

            case PolicyAction.Acknowledge:
            {
                var acknowledge = policy.Acknowledge ?? new AcknowledgeOptions();
                var content = CompileContent($"{key}:Acknowledge", acknowledge.Html, acknowledge.HtmlFile, acknowledge.Label ?? ContentGateDefaults.AcknowledgeLabel, acknowledge.ButtonText ?? ContentGateDefaults.AcknowledgeButtonText, null, acknowledge.Translations, context, required: true);
                var lifetime = acknowledge.Lifetime ?? ContentGateDefaults.AcknowledgmentLifetime;
                if (lifetime < TimeSpan.FromMinutes(1) || lifetime > TimeSpan.FromDays(400))
                {
                    problems.Add($"{key}:Acknowledge:Lifetime: '{acknowledge.Lifetime}' is outside one minute to 400 days (browsers cap cookies at 400 days). Use for example \"30.00:00:00\" for 30 days.");
                }

                return problems.Count > before || content is null ? null : new CompiledPolicy
                {
                    Name = name, Action = action, FailMode = failMode, RegionCodes = codes, Paths = paths, ExcludePaths = excludePaths,
                    Version = VersionOf(name, content), Content = content, AcknowledgmentLifetime = lifetime,
                };
            }

            default:
            {
                var redirect = policy.Redirect ?? new RedirectOptions();
                var url = redirect.Url?.Trim();
                var isLocal = false;
                if (string.IsNullOrEmpty(url))
                {
                    problems.Add($"{key}:Redirect:Url is not set. Use a local path such as \"/kz\" or an absolute URL whose host is listed in {Root}:AllowedRedirectHosts.");
                }
                else if (url.StartsWith('/'))
                {
                    isLocal = true;
                    if (url.StartsWith("//", StringComparison.Ordinal) || url.StartsWith("/\\", StringComparison.Ordinal))
                    {
                        problems.Add($"{key}:Redirect:Url: '{url}' is a protocol-relative URL, not a local path. Write a local path (\"/kz\") or a full https:// URL.");
                    }
                }
                else if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
                {
                    problems.Add($"{key}:Redirect:Url: '{url}' is neither a local path nor an absolute http(s) URL.");
                }
                else if (!context.AllowedRedirectHosts.Contains(uri.Host))
                {
                    problems.Add($"{key}:Redirect:Url: the host '{uri.Host}' is not allowed. Add it to {Root}:AllowedRedirectHosts if visitors may really be sent there.");
                }

                var status = redirect.StatusCode ?? ContentGateDefaults.RedirectStatusCode;
                if (status is not (302 or 307))
                {
                    problems.Add($"{key}:Redirect:StatusCode: '{status}' is not supported. Use 302 (Found) or 307 (Temporary Redirect); a permanent redirect would be cached for visitors who travel.");
                }

                return problems.Count > before ? null : new CompiledPolicy
                {
                    Name = name, Action = action, FailMode = failMode, RegionCodes = codes, Paths = paths, ExcludePaths = excludePaths,
                    Version = VersionOf(name, null, url), RedirectUrl = url, RedirectIsLocal = isLocal, RedirectStatusCode = status,
                };
            }
        }
    }

    private static FrozenSet<string> CompileRegions(string key, PolicyOptions policy, PolicyContext context)
    {
        var problems = context.Problems;
        var codes = new HashSet<string>(StringComparer.Ordinal);
        if (policy.Regions.Count == 0)
        {
            problems.Add($"{key}:Regions is empty. List at least one country code (\"RU\"), subdivision code (\"UA-43\") or region set name.");
        }

        for (var i = 0; i < policy.Regions.Count; i++)
        {
            var entry = policy.Regions[i]?.Trim();
            if (entry is not null && context.Sets.TryGetValue(entry, out var set))
            {
                codes.UnionWith(set);
            }
            else if (TryParseRegionCode(entry, out var code, out var problem))
            {
                codes.Add(code);
            }
            else if (problem is not null)
            {
                problems.Add($"{key}:Regions:{i}: '{entry}' {problem}.");
            }
            else
            {
                var known = context.Sets.Keys.Order(StringComparer.Ordinal).ToList();
                var closest = known.MinBy(k => EditDistance.Between(k, entry ?? string.Empty));
                var hint = closest is not null && EditDistance.Between(closest, entry ?? string.Empty) <= 3 ? $" Did you mean '{closest}'?" : string.Empty;
                var defined = known.Count == 0 ? "No region sets are defined." : $"Defined sets: {string.Join(", ", known)}.";
                problems.Add($"{key}:Regions:{i}: '{entry}' is neither a country code, a subdivision code nor a region set defined under {Root}:RegionSets.{hint} {defined}");
            }
        }

        return codes.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Compiles the untranslated text and every translation, reading HTML files where configured.</summary>
    private LocalizedContent? CompileContent(
        string key,
        string? html,
        string? htmlFile,
        string label,
        string buttonText,
        string? detail,
        IDictionary<string, TranslationOptions> translations,
        PolicyContext context,
        bool required)
    {
        var problems = context.Problems;
        var defaultHtml = ReadHtml(key, html, htmlFile, context, required);
        var compiled = new List<LocalizedText>();
        foreach (var (language, translation) in translations)
        {
            var translationKey = $"{key}:Translations:{language}";
            if (!IsCultureName(language))
            {
                problems.Add($"{translationKey}: '{language}' is not a culture name. Use a language such as \"ru\", \"uk\", \"kk\" or \"pt-BR\".");
                continue;
            }

            if (translation is null)
            {
                continue;
            }

            var translatedHtml = ReadHtml(translationKey, translation.Html, translation.HtmlFile, context, required: false) ?? defaultHtml;
            if (translatedHtml is not null)
            {
                compiled.Add(new LocalizedText(language, translatedHtml, translation.Label ?? label, translation.ButtonText ?? buttonText, translation.Detail ?? detail));
            }
        }

        return defaultHtml is null ? null : new LocalizedContent(new LocalizedText(context.DefaultLanguage, defaultHtml, label, buttonText, detail), compiled);
    }

    private string? ReadHtml(string key, string? html, string? htmlFile, PolicyContext context, bool required)
    {
        var problems = context.Problems;
        if (!string.IsNullOrWhiteSpace(html) && !string.IsNullOrWhiteSpace(htmlFile))
        {
            problems.Add($"{key}: both Html and HtmlFile are set. Keep one of them.");
            return null;
        }

        if (!string.IsNullOrWhiteSpace(htmlFile))
        {
            var path = Path.GetFullPath(htmlFile, _contentRoot);
            context.Files.Add(path);
            try
            {
                var text = File.ReadAllText(path);
                if (string.IsNullOrWhiteSpace(text))
                {
                    problems.Add($"{key}:HtmlFile: the file '{path}' is empty. Put the HTML to show in it.");
                    return null;
                }

                return text;
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
            {
                problems.Add($"{key}:HtmlFile: the file '{path}' does not exist. Create it, or fix the path (relative to the content root).");
                return null;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                problems.Add($"{key}:HtmlFile: the file '{path}' cannot be read ({ex.Message}). Give the app's user read access to it.");
                return null;
            }
        }

        if (string.IsNullOrWhiteSpace(html))
        {
            if (required)
            {
                problems.Add($"{key}:Html is empty. Set Html (or HtmlFile) to the HTML to show, for example \"<p>…</p>\".");
            }

            return null;
        }

        return html;
    }

    private static string VersionOf(string name, LocalizedContent? content, string? extra = null)
    {
        var text = new System.Text.StringBuilder(name).Append('\n').Append(extra);
        if (content is not null)
        {
            foreach (var item in content.All.OrderBy(t => t.Language, StringComparer.OrdinalIgnoreCase))
            {
                text.Append('\n').Append(item.Language).Append('\n').Append(item.Html).Append('\n').Append(item.Label).Append('\n').Append(item.ButtonText).Append('\n').Append(item.Detail);
            }
        }

        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text.ToString())))[..12];
    }

    private static bool IsValidBlockedBy(string value)
    {
        if (value.AsSpan().IndexOfAny('<', '>', ' ') >= 0 || value.Contains('"', StringComparison.Ordinal))
        {
            return false;
        }

        if (value.StartsWith('/'))
        {
            return !value.StartsWith("//", StringComparison.Ordinal) && !value.StartsWith("/\\", StringComparison.Ordinal);
        }

        return Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
    }

    internal static bool IsCultureName(string value) => CultureNamePattern().IsMatch(value);

    private static PathMatcher CompilePaths(string key, IList<string> values, PathMatcher whenEmpty, List<string> problems)
    {
        if (values.Count == 0)
        {
            return whenEmpty;
        }

        var normalized = new List<string>();
        for (var i = 0; i < values.Count; i++)
        {
            if (PathMatcher.TryNormalize(values[i], out var path, out var problem))
            {
                normalized.Add(path);
            }
            else
            {
                problems.Add($"{key}:{i}: '{values[i]}' {problem}.");
            }
        }

        return PathMatcher.Create(normalized);
    }

    private MaxMindDatabase? OpenDatabase(ContentGateOptions options, bool required, List<string> usesSubdivisions, List<string> problems)
    {
        const string Key = Root + ":MaxMind:DatabasePath";
        var configured = options.MaxMind?.DatabasePath;
        if (string.IsNullOrWhiteSpace(configured))
        {
            if (required)
            {
                problems.Add($"{Key} is not set, but policies need to know where visitors are. Set it to the path of a GeoIP2 or GeoLite2 Country or City .mmdb file.");
            }

            return null;
        }

        var path = Path.GetFullPath(configured, _contentRoot);
        try
        {
            var database = _databases.GetOrOpen(path, Key);
            if (!database.DatabaseType.Contains("City", StringComparison.OrdinalIgnoreCase)
                && !database.DatabaseType.Contains("Enterprise", StringComparison.OrdinalIgnoreCase)
                && usesSubdivisions.Count > 0)
            {
                problems.Add($"{Key}: '{path}' is a '{database.DatabaseType}' database, which has no subdivisions, but policy {string.Join(", ", usesSubdivisions.Select(p => $"'{p}'"))} lists subdivision codes (such as UA-43). Use a City database, or those visitors will never match.");
            }

            return database;
        }
        catch (MaxMindDatabaseException ex)
        {
            problems.Add(ex.Message);
            return null;
        }
    }

    /// <summary>
    /// Parses a country or subdivision code. Returns <see langword="false"/> with a <paramref name="problem"/>
    /// when the entry looks like a code but is wrong, and with no problem when it does not look like a code at all
    /// (so it may be a region set name).
    /// </summary>
    internal static bool TryParseRegionCode(string? entry, out string code, out string? problem)
    {
        code = string.Empty;
        problem = null;
        if (string.IsNullOrWhiteSpace(entry))
        {
            problem = "is empty. Remove the entry or write a code such as \"RU\" or \"UA-43\"";
            return false;
        }

        var value = entry.Trim();
        if (IsoCodes.TryNormalizeCountry(value, out var country))
        {
            code = country;
            return true;
        }

        if (IsoCodes.TryNormalizeSubdivision(value, out var subdivision))
        {
            code = subdivision;
            return true;
        }

        if (IsoCodes.SuggestCountry(value) is { } suggestion)
        {
            problem = $"is not an ISO 3166-1 alpha-2 country code. Use '{suggestion}'";
            return false;
        }

        if (value.Length == 2 && char.IsAsciiLetter(value[0]) && char.IsAsciiLetter(value[1]))
        {
            problem = "is not an assigned ISO 3166-1 alpha-2 country code. Check the code in ISO 3166-1 (for example 'RU', 'UA', 'KZ')";
            return false;
        }

        var hyphen = value.IndexOf('-', StringComparison.Ordinal);
        if (hyphen == 2 && char.IsAsciiLetter(value[0]) && char.IsAsciiLetter(value[1]))
        {
            var prefix = value[..2];
            problem = IsoCodes.IsCountry(prefix)
                ? $"is not a well-formed ISO 3166-2 subdivision code. Write the country code, a hyphen and one to three letters or digits, for example '{prefix.ToUpperInvariant()}-43'"
                : $"is not an ISO 3166-2 subdivision code: '{prefix}' is not a country code{(IsoCodes.SuggestCountry(prefix) is { } fix ? $". Use '{fix}{value[2..]}'" : string.Empty)}";
            return false;
        }

        return false;
    }

    private static string? NullIfWhiteSpace(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex PolicyNamePattern();

    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    private static partial Regex CultureNamePattern();
}
