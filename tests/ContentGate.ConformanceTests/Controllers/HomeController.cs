using Microsoft.AspNetCore.Mvc;

namespace ContentGate.ConformanceTests.Controllers;

public sealed class HomeController : Controller
{
    public IActionResult Index() => View();
}
