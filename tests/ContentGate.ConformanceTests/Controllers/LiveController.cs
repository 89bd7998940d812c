using ContentGate.Endpoints;
using Microsoft.AspNetCore.Mvc;

namespace ContentGate.ConformanceTests.Controllers;

/// <summary>A controller a policy reaches only through endpoint metadata.</summary>
[RegionPolicy("kz-live-order")]
public sealed class LiveController : Controller
{
    [HttpGet("/live")]
    public IActionResult Index() => View();
}
