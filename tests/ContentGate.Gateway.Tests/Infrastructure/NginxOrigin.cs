using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ContentGate.Gateway.Tests.Infrastructure;

/// <summary>
/// Debian's nginx serving a small static site from a temporary folder on 127.0.0.1 and a free port: the origin most
/// of the gateway's users have (or have in front of WordPress). Started as a child process with its own minimal
/// configuration (no daemon, every path in the temporary folder, no access log), killed on dispose.
/// </summary>
internal sealed class NginxOrigin : IAsyncDisposable
{
    /// <summary>Debian's nginx (package <c>nginx</c>; scripts/test.sh installs it).</summary>
    public const string NginxPath = "/usr/sbin/nginx";

    /// <summary>The front page, as nginx serves it.</summary>
    public const string FrontPage = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>Meridian Dispatch</title>
        <script>var s = "<body>";</script>
        <!-- <body class="decoy"> -->
        </head>
        <body class="site">
        <h1>Meridian Dispatch</h1>
        <p><a href="/articles/river-port">What the river port ledgers show</a></p>
        </body>
        </html>
        """;

    private static readonly Dictionary<string, string> Site = new(StringComparer.Ordinal)
    {
        ["index.html"] = FrontPage,
        ["articles/river-port/index.html"] = Article("What the river port ledgers show"),
        ["articles/restricted-in-kazakhstan/index.html"] = Article("The grain contracts"),
        ["investigations/frontline/index.html"] = Article("Rail waybills from the front line"),
        ["donate/index.html"] = Article("Support our reporting"),
        ["api/articles.html"] = Article("Not covered: under /api"),
    };

    private readonly Process _process;
    private readonly string _folder;

    private NginxOrigin(Process process, string folder, Uri address)
    {
        _process = process;
        _folder = folder;
        BaseAddress = address;
    }

    public Uri BaseAddress { get; }

    public static string Article(string title) =>
        $"<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>{title}</title></head>\n<body class=\"article\">\n<h1>{title}</h1>\n<p>Body text.</p>\n</body>\n</html>\n";

    public static async Task<NginxOrigin> StartAsync()
    {
        if (!File.Exists(NginxPath))
        {
            throw new InvalidOperationException(
                $"The gateway tests need Debian's nginx at {NginxPath}, and it is not there. Install it with 'apt-get install -y --no-install-recommends nginx' (scripts/test.sh does this).");
        }

        var folder = Path.Combine(Path.GetTempPath(), "contentgate-nginx-" + Guid.NewGuid().ToString("N"));
        foreach (var (path, content) in Site)
        {
            var file = Path.Combine(folder, "site", path);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await File.WriteAllTextAsync(file, content);
        }

        Directory.CreateDirectory(Path.Combine(folder, "temp"));
        var port = FreePort();
        await File.WriteAllTextAsync(Path.Combine(folder, "nginx.conf"), $$"""
            daemon off;
            master_process off;
            worker_processes 1;
            pid {{folder}}/nginx.pid;
            error_log {{folder}}/error.log warn;
            events { worker_connections 128; }
            http {
                access_log off;
                client_body_temp_path {{folder}}/temp/body;
                proxy_temp_path {{folder}}/temp/proxy;
                fastcgi_temp_path {{folder}}/temp/fastcgi;
                uwsgi_temp_path {{folder}}/temp/uwsgi;
                scgi_temp_path {{folder}}/temp/scgi;
                types { text/html html; text/css css; }
                default_type application/octet-stream;
                charset utf-8;
                server {
                    listen 127.0.0.1:{{port}};
                    root {{folder}}/site;
                    add_header Cache-Control "public, max-age=300";
                    location / { try_files $uri $uri/index.html $uri.html =404; }
                }
            }
            """);

        var process = Process.Start(new ProcessStartInfo(NginxPath)
        {
            ArgumentList = { "-c", Path.Combine(folder, "nginx.conf"), "-p", folder, "-e", Path.Combine(folder, "error.log") },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("nginx did not start.");

        var origin = new NginxOrigin(process, folder, new Uri($"http://127.0.0.1:{port}/"));
        try
        {
            await origin.WaitUntilListeningAsync(port);
        }
        catch
        {
            await origin.DisposeAsync();
            throw;
        }

        return origin;
    }

    // Readiness, not timing: nginx either accepts a connection or exits; the deadline only bounds a broken start.
    private async Task WaitUntilListeningAsync(int port)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            if (_process.HasExited)
            {
                var log = File.Exists(Path.Combine(_folder, "error.log")) ? await File.ReadAllTextAsync(Path.Combine(_folder, "error.log")) : string.Empty;
                throw new InvalidOperationException($"nginx exited with {_process.ExitCode}: {await _process.StandardError.ReadToEndAsync()} {log}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, deadline.Token);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50, deadline.Token);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync() => await ChildProcesses.StopAsync(_process, _folder);
}
