using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using ContentGate.Hosting;
using ContentGate.MaxMind;
using ContentGate.Sources;
using ContentGate.Testing.MaxMind;
using ContentGate.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static ContentGate.Tests.MaxMind.ReplacementDatabases;

namespace ContentGate.Tests.MaxMind;

/// <summary>
/// The database file is replaced a hundred times, by rename, by copy and by rewriting it in place, with bad files in
/// between, while visitors from every region keep requesting pages through the real pipeline.
/// </summary>
public sealed class DatabaseSwapUnderLoadTests(ITestOutputHelper output)
{
    private const int ValidReplacements = 100;
    private const int RequestLoops = 6;

    [Fact]
    public async Task DatabaseReplacedHundredTimesUnderLoad_EveryAnswerComesFromAValidFile_BadFilesAreRejected_AndTheLastFileWins()
    {
        var path = Fixtures.TempFile("swap.mmdb");

        // Two files that place the same visitors in different regions (RU's address is in UA-43 in B, and so on);
        // their build epochs tell which one is in use.
        var epochA = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 2 * 86_400);
        var epochB = epochA.AddHours(1);
        byte[][] files = [Build(0, epochA), Build(1, epochB)];
        var shiftOf = new Dictionary<DateTime, int> { [epochA.UtcDateTime] = 0, [epochB.UtcDateTime] = 1 };
        byte[][] badFiles =
        [
            files[1][..(files[1].Length / 2)],
            "<html>502 Bad Gateway</html>"u8.ToArray(),
            [],
            Build(1, epochB, GeoDatabaseKind.Country),
            AsnDatabase(),
            files[0][..(files[0].Length - 7)],
            new byte[files[0].Length],
        ];
        File.WriteAllBytes(path, files[0]);

        var reloads = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        using var listener = new MeterListener();
        await using var server = await GateServer.StartAsync(
            GateServer.ContractConfiguration(path),
            services: s => s.Configure<MaxMindReloadSettings>(o =>
            {
                o.StableFor = TimeSpan.FromMilliseconds(25);
                o.PollInterval = TimeSpan.FromMilliseconds(250);
            }));
        var meters = server.Services.GetRequiredService<IMeterFactory>();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, meters) && instrument.Name == "contentgate.database.reloads")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "contentgate.reload.outcome")
                {
                    reloads.AddOrUpdate((string)tag.Value!, (int)value, (_, n) => n + (int)value);
                }
            }
        });
        listener.Start();
        int Reloads(string outcome) => reloads.GetValueOrDefault(outcome);

        var database = server.Services.GetRequiredService<ContentGateRuntime>().Current.Resolver.Sources.OfType<MaxMindDatabaseSource>().Single().Database;
        var failures = new ConcurrentQueue<string>();
        var requests = 0;
        var duringReplacement = 0;
        var answersFrom = new int[2];
        var stop = 0;

        async Task Visit(int loop)
        {
            for (var i = loop; Volatile.Read(ref stop) == 0; i++)
            {
                var address = Addresses[i % Addresses.Length];
                var before = database.Status;
                string body;
                HttpStatusCode status;
                try
                {
                    using var response = await server.GetAsync("/region", address);
                    status = response.StatusCode;
                    body = await response.Content.ReadAsStringAsync();
                }
                catch (Exception ex) when (ex is HttpRequestException or IOException or InvalidOperationException)
                {
                    failures.Enqueue($"request failed: {ex.GetType().Name}: {ex.Message}");
                    continue;
                }

                var after = database.Status;
                Interlocked.Increment(ref requests);
                if (status != HttpStatusCode.OK)
                {
                    failures.Enqueue($"status {(int)status} for visitor {i % Addresses.Length}");
                    continue;
                }

                // No replacement completed during the request: the answer is that file's. Otherwise either file's.
                string[] allowed = before.Generation == after.Generation
                    ? [Expected(shiftOf[before.BuildDate], address) + "|maxmind|None"]
                    : [Expected(0, address) + "|maxmind|None", Expected(1, address) + "|maxmind|None"];
                if (before.Generation == after.Generation)
                {
                    Interlocked.Increment(ref answersFrom[shiftOf[before.BuildDate]]);
                }
                else
                {
                    Interlocked.Increment(ref duringReplacement);
                }

                if (!allowed.Contains(body))
                {
                    failures.Enqueue($"visitor {i % Addresses.Length} (generations {before.Generation}-{after.Generation}) got '{body}', expected {string.Join(" or ", allowed)}");
                }
            }
        }

        var loops = Enumerable.Range(0, RequestLoops).Select(loop => Task.Run(() => Visit(loop))).ToArray();
        await ReplacementDatabases.WaitUntil(() => Volatile.Read(ref requests) >= 50, "the first requests are answered");

        var clock = Stopwatch.StartNew();
        var current = 0;
        var badSent = 0;
        var methods = new int[3];
        for (var replacement = 1; replacement <= ValidReplacements; replacement++)
        {
            if (replacement % 12 == 6)
            {
                var generation = database.Status.Generation;
                var bad = badFiles[badSent % badFiles.Length];
                if (badSent % 2 == 0)
                {
                    ReplaceByRename(path, bad);
                }
                else
                {
                    ReplaceInPlace(path, bad, TimeSpan.Zero);
                }

                badSent++;
                await ReplacementDatabases.WaitUntil(() => database.Status.LastRejection is not null, $"bad file {badSent} is rejected");
                Assert.Equal(generation, database.Status.Generation);
                Assert.Equal(shiftOf.First(p => p.Value == current).Key, database.Status.BuildDate);
            }

            var next = 1 - current;
            var method = replacement % 3;
            methods[method]++;
            switch (method)
            {
                case 0:
                    ReplaceByRename(path, files[next]);
                    break;
                case 1:
                    ReplaceInPlace(path, files[next], replacement % 2 == 0 ? TimeSpan.FromMilliseconds(2) : TimeSpan.Zero);
                    break;
                default:
                    ReplaceByCopy(path, files[next]);
                    break;
            }

            var expected = replacement + 1;
            await ReplacementDatabases.WaitUntil(() => database.Status.Generation == expected, $"replacement {replacement} is loaded");
            Assert.Equal(next, shiftOf[database.Status.BuildDate]);
            current = next;
        }

        clock.Stop();
        Volatile.Write(ref stop, 1);
        await Task.WhenAll(loops);

        // The last valid file is in use, with nothing pending, and every visitor gets its answer.
        await Task.Delay(100);
        Assert.Equal(ValidReplacements + 1, database.Status.Generation);
        Assert.Null(database.Status.LastRejection);
        foreach (var address in Addresses)
        {
            using var response = await server.GetAsync("/region", address);
            Assert.Equal(Expected(current, address) + "|maxmind|None", await response.Content.ReadAsStringAsync());
        }

        output.WriteLine(
            $"{requests} requests in {clock.Elapsed.TotalSeconds:F1} s of replacements ({RequestLoops} loops); " +
            $"answered by A {answersFrom[0]}, by B {answersFrom[1]}, across a swap {duringReplacement}; " +
            $"replacements: {ValidReplacements} valid (rename {methods[0]}, in place {methods[1]}, File.Copy {methods[2]}), {badSent} bad; " +
            $"reloads accepted {Reloads("accepted")}, rejected {Reloads("rejected")}; failures {failures.Count}.");

        Assert.Empty(failures);
        Assert.Equal(ValidReplacements, Reloads("accepted"));
        Assert.True(Reloads("rejected") >= badSent, $"{Reloads("rejected")} rejections for {badSent} bad files");
        Assert.True(answersFrom[0] > 0 && answersFrom[1] > 0);
        Assert.DoesNotContain(server.Logs.Entries, e => e.Message.Contains("203.0.113", StringComparison.Ordinal) || e.Message.Contains("2001:db8", StringComparison.Ordinal));
    }
}
