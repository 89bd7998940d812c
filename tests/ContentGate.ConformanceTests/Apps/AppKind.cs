namespace ContentGate.ConformanceTests.Apps;

/// <summary>The kinds of app the suite builds, after the <c>dotnet new</c> templates people start from.</summary>
public enum AppKind
{
    /// <summary><c>dotnet new webapp</c>: Razor Pages with a layout, <c>[RegionPolicy]</c> on a page model.</summary>
    RazorPages,

    /// <summary><c>dotnet new mvc</c>: controllers and views, <c>[RegionPolicy]</c> on a controller.</summary>
    Mvc,

    /// <summary><c>dotnet new web</c>: minimal API endpoints returning HTML, <c>RequireRegionPolicy</c> on one.</summary>
    MinimalApi,

    /// <summary><c>dotnet new blazor</c> (static server rendering): the front page streams (<c>[StreamRendering]</c>).</summary>
    BlazorStreaming,

    /// <summary>A static site: HTML files served by <c>UseDefaultFiles</c> and <c>UseStaticFiles</c>, no endpoints of its own.</summary>
    StaticSite,
}
