using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace ContentGate.Gateway.Tests.Infrastructure;

/// <summary>
/// The gateway as its users run it: the real <c>ContentGate.Gateway.dll</c> (built next to the tests) in its own
/// <c>dotnet</c> process, so that what <c>Program.cs</c> does to the process before the host exists (the socket
/// completion mode) is what the tests see. Configured by command-line keys on top of an empty content root; listens on
/// a port Kestrel picks, read from its "Now listening on" line.
/// </summary>
internal sealed class GatewayProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _contentRoot;

    private GatewayProcess(Process process, string contentRoot)
    {
        _process = process;
        _contentRoot = contentRoot;
    }

    /// <summary>The first address the gateway listens on.</summary>
    public Uri BaseAddress => Addresses[0];

    /// <summary>Every address the gateway listens on, in the order Kestrel reported them.</summary>
    public IReadOnlyList<Uri> Addresses { get; private set; } = [];

    /// <summary>The process's threads named <paramref name="name"/>: <see cref="ThreadsNamed(int, string)"/>.</summary>
    public int ThreadsNamed(string name) => ThreadsNamed(_process.Id, name);

    /// <summary>
    /// The threads of process <paramref name="processId"/> named <paramref name="name"/> (Linux:
    /// <c>/proc/&lt;pid&gt;/task/*/comm</c>, where the runtime writes a managed thread's name, cut to 15 characters). A
    /// thread that ends while it is being read is not counted.
    /// </summary>
    public static int ThreadsNamed(int processId, string name)
    {
        var count = 0;
        foreach (var task in Directory.GetDirectories($"/proc/{processId}/task"))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n') == name)
                {
                    count++;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The thread ended between the listing and the read.
            }
        }

        return count;
    }

    /// <summary>
    /// Starts the gateway with <paramref name="configuration"/> as command-line keys and <paramref name="environment"/>
    /// added to this process's environment (a <see langword="null"/> value removes the variable). It listens on
    /// http://127.0.0.1 with a port Kestrel picks, unless the configuration names its own <c>Kestrel:Endpoints</c>.
    /// </summary>
    public static async Task<GatewayProcess> StartAsync(IDictionary<string, string?> configuration, IDictionary<string, string?> environment)
    {
        var contentRoot = Directory.CreateTempSubdirectory("contentgate-gateway-process-").FullName;
        var start = new ProcessStartInfo(DotNetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = contentRoot,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ContentGate.Gateway.dll"));
        if (!configuration.Keys.Any(key => key.StartsWith("Kestrel:Endpoints:", StringComparison.OrdinalIgnoreCase)))
        {
            start.ArgumentList.Add("--urls=http://127.0.0.1:0");
        }

        start.ArgumentList.Add("--contentRoot=" + contentRoot);
        start.ArgumentList.Add("--environment=Production");
        start.ArgumentList.Add("--Logging:LogLevel:Default=Warning");
        start.ArgumentList.Add("--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information");
        foreach (var (key, value) in configuration)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        // The child decides its own socket mode: nothing inherited from the test run.
        start.Environment.Remove(SocketCompletions.InlineVariable);
        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        var output = new ConcurrentQueue<string>();
        var addresses = new ConcurrentQueue<Uri>();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start };
        void Collect(object sender, DataReceivedEventArgs line)
        {
            if (line.Data is not { } text)
            {
                return;
            }

            output.Enqueue(text);
            // The host's lifetime log: one "Now listening on" per endpoint, then "Application started".
            const string Marker = "Now listening on: ";
            if (text.Contains(Marker, StringComparison.Ordinal))
            {
                addresses.Enqueue(new Uri(text[(text.IndexOf(Marker, StringComparison.Ordinal) + Marker.Length)..].Trim()));
            }
            else if (text.Contains("Application started.", StringComparison.Ordinal))
            {
                started.TrySetResult();
            }
        }

        process.OutputDataReceived += Collect;
        process.ErrorDataReceived += Collect;
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => started.TrySetException(new InvalidOperationException(
            $"The gateway exited with {process.ExitCode} before listening:\n{string.Join('\n', output)}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var gateway = new GatewayProcess(process, contentRoot);
        try
        {
            // Readiness, not timing: the gateway either listens or exits; the deadline only bounds a broken start.
            await started.Task.WaitAsync(TimeSpan.FromSeconds(60));
            gateway.Addresses = [.. addresses];
        }
        catch (TimeoutException)
        {
            await gateway.DisposeAsync();
            throw new InvalidOperationException($"The gateway did not report \"Application started\" within 60 s:\n{string.Join('\n', output)}");
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }

        return gateway;
    }

    /// <summary>A client that connects from 127.0.0.1 as <paramref name="reader"/> says it is (<c>X-Forwarded-For</c>).</summary>
    public HttpClient ClientFor(IPAddress reader) => ClientFor(reader, BaseAddress, new SocketsHttpHandler());

    /// <summary>As <see cref="ClientFor(IPAddress)"/>, to <paramref name="address"/> through <paramref name="handler"/>.</summary>
    public static HttpClient ClientFor(IPAddress reader, Uri address, SocketsHttpHandler handler)
    {
        handler.AutomaticDecompression = DecompressionMethods.None;
        handler.UseCookies = false;
        handler.AllowAutoRedirect = false;
        var client = new HttpClient(handler)
        {
            BaseAddress = address,
        };
        client.DefaultRequestHeaders.Add("X-Forwarded-For", reader.ToString());
        return client;
    }

    // The host running these tests is `dotnet`; outside it (a test runner started another way) the muxer on the PATH.
    private static string DotNetHost()
        => Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";

    public async ValueTask DisposeAsync() => await ChildProcesses.StopAsync(_process, _contentRoot);
}
