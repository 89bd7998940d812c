using Microsoft.AspNetCore.Mvc;

namespace ContentGate.ConformanceTests.Controllers;

public sealed class ArticlesController : Controller
{
    [HttpGet("/articles/restricted-in-kazakhstan")]
    public IActionResult Restricted() => View();
}
