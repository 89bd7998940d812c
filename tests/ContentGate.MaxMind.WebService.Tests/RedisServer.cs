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

    /// <summary>
    /// Everything the server holds, read as someone who got hold of it would: every key (SCAN), its type (TYPE), and
    /// its value or values (GET, HGETALL, LRANGE, SMEMBERS, ZRANGE) as raw bytes. RESP by hand, no client library.
    /// </summary>
    public async Task<List<(byte[] Key, string Type, List<byte[]> Values)>> DumpAsync()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, Port);
        var stream = new BufferedStream(client.GetStream());
        var entries = new List<(byte[] Key, string Type, List<byte[]> Values)>();
        var cursor = "0";
        do
        {
            var reply = (List<object?>)(await CommandAsync(stream, "SCAN"u8.ToArray(), Encoding.ASCII.GetBytes(cursor), "COUNT"u8.ToArray(), "1000"u8.ToArray()))!;
            cursor = Encoding.ASCII.GetString((byte[])reply[0]!);
            foreach (var key in ((List<object?>)reply[1]!).Cast<byte[]>())
            {
                var type = Encoding.ASCII.GetString((byte[])(await CommandAsync(stream, "TYPE"u8.ToArray(), key))!);
                var values = type switch
                {
                    "string" => [(byte[])(await CommandAsync(stream, "GET"u8.ToArray(), key))!],
                    "hash" => Bulk(await CommandAsync(stream, "HGETALL"u8.ToArray(), key)),
                    "list" => Bulk(await CommandAsync(stream, "LRANGE"u8.ToArray(), key, "0"u8.ToArray(), "-1"u8.ToArray())),
                    "set" => Bulk(await CommandAsync(stream, "SMEMBERS"u8.ToArray(), key)),
                    "zset" => Bulk(await CommandAsync(stream, "ZRANGE"u8.ToArray(), key, "0"u8.ToArray(), "-1"u8.ToArray(), "WITHSCORES"u8.ToArray())),
                    _ => throw new InvalidOperationException($"Redis holds a key of type {type}, which this test cannot read yet."),
                };
                entries.Add((key, type, values));
            }
        }
        while (cursor != "0");
        return entries;

        static List<byte[]> Bulk(object? reply) => [.. ((List<object?>)reply!).Select(v => (byte[])v!)];
    }

    private static async Task<object?> CommandAsync(Stream stream, params byte[][] arguments)
    {
        var request = new MemoryStream();
        request.Write(Encoding.ASCII.GetBytes($"*{arguments.Length}\r\n"));
        foreach (var argument in arguments)
        {
            request.Write(Encoding.ASCII.GetBytes($"${argument.Length}\r\n"));
            request.Write(argument);
            request.Write("\r\n"u8);
        }

        await stream.WriteAsync(request.ToArray());
        await stream.FlushAsync();
        return await ReadReplyAsync(stream);
    }

    // RESP2: +simple, -error, :integer, $bulk, *array.
    private static async Task<object?> ReadReplyAsync(Stream stream)
    {
        var line = await ReadLineAsync(stream);
        var rest = line[1..];
        switch (line[0])
        {
            case '+':
            case ':':
                return Encoding.ASCII.GetBytes(rest);
            case '-':
                throw new InvalidOperationException($"Redis answered {rest}");
            case '$':
                var length = int.Parse(rest, System.Globalization.CultureInfo.InvariantCulture);
                if (length < 0)
                {
                    return null;
                }

                var data = new byte[length + 2];
                await stream.ReadExactlyAsync(data);
                return data[..length];
            case '*':
                var count = int.Parse(rest, System.Globalization.CultureInfo.InvariantCulture);
                var items = new List<object?>();
                for (var i = 0; i < count; i++)
                {
                    items.Add(await ReadReplyAsync(stream));
                }

                return items;
            default:
                throw new InvalidOperationException($"Unexpected RESP reply '{line}'.");
        }
    }

    private static async Task<string> ReadLineAsync(Stream stream)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            await stream.ReadExactlyAsync(one);
            if (one[0] == '\n' && bytes.Count > 0 && bytes[^1] == '\r')
            {
                return Encoding.ASCII.GetString([.. bytes[..^1]]);
            }

            bytes.Add(one[0]);
        }
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
