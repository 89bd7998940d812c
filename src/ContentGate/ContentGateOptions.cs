using ContentGate.Assets;
using ContentGate.Caching;
using ContentGate.Languages;
using ContentGate.MaxMind;
using ContentGate.Policies;
using ContentGate.Preview;
using ContentGate.Sources;

namespace ContentGate;

/// <summary>
/// Everything ContentGate does, usually bound from the <c>ContentGate</c> configuration section.
/// </summary>
/// <remarks>
/// Options are validated when the host starts; an invalid value stops the host with a message naming the key,
/// the value and the fix. They are then compiled once into immutable lookup structures, so nothing here is read
/// per request.
/// </remarks>
public sealed class ContentGateOptions
{
    /// <summary>
    /// Gets or sets where the MaxMind GeoIP2/GeoLite2 database is. Configuration key
    /// <c>ContentGate:MaxMind</c>.
    /// </summary>
    public MaxMindOptions MaxMind { get; set; } = new();

    /// <summary>
    /// Gets the ordered region sources: the first that answers for a request wins. Configuration key
    /// <c>ContentGate:Sources</c>. Defaults to empty, which means the MaxMind database alone.
    /// </summary>
    public IList<RegionSourceOptions> Sources { get; } = [];

    /// <summary>
    /// Gets the named region sets, each a list of country codes (<c>RU</c>) and subdivision codes
    /// (<c>UA-43</c>), that policies can refer to by name. Configuration key <c>ContentGate:RegionSets</c>.
    /// Names are case-insensitive and may not be country codes. Defaults to empty.
    /// </summary>
    public IDictionary<string, IList<string>> RegionSets { get; } =
        new Dictionary<string, IList<string>>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Gets the policies by name. Configuration key <c>ContentGate:Policies</c>. A name appears in the markup
    /// (<c>data-contentgate-notice="name"</c>), in logs and in metrics, so it may contain only letters, digits,
    /// <c>-</c>, <c>_</c> and <c>.</c>. Policies are evaluated in ordinal order of their names. Defaults to empty.
    /// </summary>
    public IDictionary<string, PolicyOptions> Policies { get; } =
        new Dictionary<string, PolicyOptions>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Gets or sets how responses that depend on the visitor's region are marked for caches. Configuration
    /// key <c>ContentGate:Caching</c>.
    /// </summary>
    public CachingOptions Caching { get; set; } = new();

    /// <summary>
    /// Gets or sets how the language of notices and pages is chosen. Configuration key <c>ContentGate:Languages</c>.
    /// </summary>
    public LanguageOptions Languages { get; set; } = new();

    /// <summary>
    /// Gets or sets the look of notices and pages and how it is delivered without breaking a Content Security
    /// Policy. Configuration key <c>ContentGate:Styling</c>.
    /// </summary>
    public StylingOptions Styling { get; set; } = new();

    /// <summary>
    /// Gets or sets the path under which ContentGate serves its stylesheet and receives dismiss and acknowledge
    /// form posts. Configuration key <c>ContentGate:PathPrefix</c>. Defaults to
    /// <see cref="ContentGateDefaults.PathPrefix"/>. No policy ever covers it.
    /// </summary>
    public string? PathPrefix { get; set; }

    /// <summary>
    /// Gets the paths no policy ever covers, matched like policy paths, in addition to <c>/robots.txt</c>,
    /// <c>/.well-known</c>, <c>/favicon.ico</c>, the <see cref="PathPrefix"/> and local <c>BlockedBy</c> pages.
    /// Add health-check paths here. Configuration key <c>ContentGate:ExemptPaths</c>. Defaults to empty.
    /// </summary>
    public IList<string> ExemptPaths { get; } = [];

    /// <summary>
    /// Gets the hosts an absolute <c>Redirect:Url</c> may point at (for example <c>kz.example.org</c>).
    /// Configuration key <c>ContentGate:AllowedRedirectHosts</c>. Defaults to empty: only local paths.
    /// </summary>
    public IList<string> AllowedRedirectHosts { get; } = [];

    /// <summary>
    /// Gets or sets who may preview a page as a visitor from another region. Configuration key
    /// <c>ContentGate:Preview</c>.
    /// </summary>
    public PreviewOptions Preview { get; set; } = new();

    /// <summary>
    /// Problems found while binding configuration (unknown keys, invalid enum names), reported with the others when
    /// the options are compiled. Binding never throws, so a bad edit during hot reload cannot take the app down.
    /// </summary>
    internal List<string> BindingProblems { get; } = [];

    /// <summary>
    /// The keys <see cref="BindingProblems"/> are about. They are left out when binding, so the rest of the section is
    /// still bound and compiled and every other problem reported too; the compiler then says nothing more about them
    /// (a rejected <c>Action</c> is not reported a second time as missing).
    /// </summary>
    internal HashSet<string> BindingProblemKeys { get; } = new(StringComparer.OrdinalIgnoreCase);
}
