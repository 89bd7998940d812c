using ContentGate.Endpoints;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ContentGate.ConformanceTests.Pages;

/// <summary>A page a policy reaches only through endpoint metadata: its configured paths are elsewhere.</summary>
[RegionPolicy("kz-live-order")]
public sealed class LiveModel : PageModel
{
    public void OnGet()
    {
    }
}
