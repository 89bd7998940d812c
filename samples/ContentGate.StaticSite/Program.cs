// The origin of the gateway's quick start: the files in wwwroot/, and nothing else. An article is a folder with an
// index.html, served at its path without a trailing slash (/articles/river-port), as a CMS's permalinks are.
var app = WebApplication.Create(args);
app.UseDefaultFiles(new DefaultFilesOptions { RedirectToAppendTrailingSlash = false });
app.UseStaticFiles();
app.Run();
