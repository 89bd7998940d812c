using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ContentGate.MaxMind.WebService.Tests;

/// <summary>
/// A real <c>redis-server</c> started by the test as a child process on 127.0.0.1 (a free port, no persistence), and
/// killed at the end. Debian's <c>redis-server</c> package provides it; <c>.ci/run</c> installs it.
/// </summary>
internal sealed class RedisServer : IDisposable
{
    public const string Executable = "/usr/bin/redis-server";

    private readonly Process _process;

    private RedisServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The StackExchange.Redis configuration string for the source's <c>Redis</c> key.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    public bool IsRunning => !_process.HasExited;

    /// <summary>Starts a server on <paramref name="port"/>, or on a free port.</summary>
    public static async Task<RedisServer> StartAsync(int? port = null)
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException(
                $"{Executable} is missing. The MaxMind web-service cache tests run a real Redis server: install it with " +
                "'apt-get install redis-server' (Debian's redis-server package), as .ci/run does.");
        }

        var listening = port ?? FreePort();
        var start = new ProcessStartInfo(Executable)
        {
            ArgumentList = { "--port", listening.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{Executable} did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new RedisServer(process, listening);
        var deadline = Stopwatch.StartNew();
        while (!await server.PingAsync())
        {
            if (process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(10))
            {
                server.Dispose();
                throw new InvalidOperationException($"{Executable} did not answer PING on port {listening} within 10 s (exit code {(process.HasExited ? process.ExitCode : "none")}).");
            }

            await Task.Delay(20);
        }

        return server;
    }

    /// <summary>Whether the server answers <c>PING</c>, spoken in RESP on a fresh connection.</summary>
    public async Task<bool> PingAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            var stream = client.GetStream();
            await stream.WriteAsync("*1\r\n$4\r\nPING\r\n"u8.ToArray());
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(1));
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is SocketException or IOException or TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Counts the keys, to see what the cache holds (no client library: RESP by hand).</summary>
    public async Task<int> CountKeysAsync()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, Port);
        var stream = client.GetStream();
        await stream.WriteAsync("*1\r\n$6\r\nDBSIZE\r\n"u8.ToArray());
        var buffer = new byte[32];
        var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(1));
        var reply = Encoding.ASCII.GetString(buffer, 0, read);
        return int.Parse(reply.AsSpan(1, reply.IndexOf('\r', StringComparison.Ordinal) - 1), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Kills the server, as an outage would.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    /// <summary>A port nothing listens on (for now).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
