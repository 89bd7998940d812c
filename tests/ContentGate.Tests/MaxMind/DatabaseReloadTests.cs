using ContentGate.MaxMind;
using ContentGate.Testing.MaxMind;
using ContentGate.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using static ContentGate.Tests.MaxMind.ReplacementDatabases;

namespace ContentGate.Tests.MaxMind;

/// <summary>
/// A database file replaced on disk is loaded without a restart, verified exactly as at start-up while the old load
/// keeps answering; a bad replacement is rejected while the old database keeps serving; a reader is never disposed
/// under a lookup.
/// </summary>
public sealed class DatabaseReloadTests : IDisposable
{
    private static readonly DateTimeOffset EpochA = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 86_400);
    private static readonly DateTimeOffset EpochB = EpochA.AddHours(-1);

    private readonly string _path = Fixtures.TempFile("reload.mmdb");
    private readonly LogCapture _logs = new();
    private readonly ILoggerFactory _loggerFactory;

    public DatabaseReloadTests()
    {
        _loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(_logs));
        File.WriteAllBytes(_path, Build(0, EpochA));
    }

    public void Dispose() => _loggerFactory.Dispose();

    // Tests that are not about notifications keep a short periodic check as well, as production keeps a 30 s one:
    // a test process running many hosts can exhaust the machine's inotify instances, and then only the check runs.
    private MaxMindDatabase Open(bool watcher = true, TimeSpan? poll = null, TimeSpan? stableFor = null, Action? verifying = null)
        => MaxMindDatabase.Open(_path, Key, new MaxMindReloadSettings
        {
            UseFileSystemWatcher = watcher,
            PollInterval = poll ?? TimeSpan.FromMilliseconds(500),
            StableFor = stableFor ?? TimeSpan.FromMilliseconds(30),
            Verifying = verifying,
        }, metrics: null, _loggerFactory);

    private static string Answer(MaxMindDatabase database, int index = 0)
        => database.TryFind(Addresses[index], out var region) ? region.ToString() : "none";

    [Fact]
    public async Task Replace_ByRename_IsNoticedByTheWatcherAndSwappedIn()
    {
        // Notifications only: no periodic check, so this fails if the watcher does not work.
        using var database = Open(poll: Timeout.InfiniteTimeSpan);
        Assert.Equal(Expected(0, Addresses[0]), Answer(database));

        ReplaceByRename(_path, Build(1, EpochB));
        await WaitUntil(() => database.Status.Generation == 2, "the renamed file is loaded");

        Assert.All(Addresses, a => Assert.True(database.TryFind(a, out var region) && region.ToString() == Expected(1, a)));
        Assert.Equal(EpochB.UtcDateTime, database.BuildDate);
        Assert.Null(database.Status.LastRejection);
        Assert.Contains(_logs.Entries, e => e.EventId.Name == "DatabaseReloaded" && e.Level == LogLevel.Information);
    }

    [Fact]
    public async Task Replace_ByCopyInPlaceWrittenSlowly_IsLoadedOnceCompleteWithoutRejection()
    {
        using var database = Open(stableFor: TimeSpan.FromMilliseconds(300));

        // The pause leaves a half-written file on disk for a while; reading it then would reject it.
        ReplaceInPlace(_path, Build(1, EpochB), pause: TimeSpan.FromMilliseconds(60));
        await WaitUntil(() => database.Status.Generation == 2, "the copied file is loaded");

        Assert.Equal(Expected(1, Addresses[0]), Answer(database));
        Assert.Null(database.Status.LastRejection);
        Assert.DoesNotContain(_logs.Entries, e => e.EventId.Name == "DatabaseReloadRejected");
    }

    [Fact]
    public async Task Replace_ByFileCopy_IsLoaded()
    {
        using var database = Open();

        ReplaceByCopy(_path, Build(2, EpochB));
        await WaitUntil(() => database.Status.Generation == 2, "the copied file is loaded");

        Assert.Equal(Expected(2, Addresses[0]), Answer(database));
    }

    [Fact]
    public async Task Replace_WithoutFileSystemNotifications_IsNoticedByThePeriodicCheck()
    {
        using var database = Open(watcher: false, poll: TimeSpan.FromMilliseconds(100));

        ReplaceInPlace(_path, Build(1, EpochB), TimeSpan.Zero);
        await WaitUntil(() => database.Status.Generation == 2, "the periodic check loads the file");

        Assert.Equal(Expected(1, Addresses[0]), Answer(database));
    }

    [Fact]
    public async Task Replace_BehindASymbolicLink_IsNoticedByThePeriodicCheck()
    {
        // As on a Kubernetes volume: the configured name is a link whose target is re-pointed by renaming another
        // link over it, so no file-system event ever names the configured file.
        var directory = Directory.CreateDirectory(Fixtures.TempFile("linked")).FullName;
        File.WriteAllBytes(Path.Combine(directory, "v1.mmdb"), Build(0, EpochA));
        File.WriteAllBytes(Path.Combine(directory, "v2.mmdb"), Build(1, EpochB));

        // Two downloads are never written in the same clock tick; here they could be, and be the same size.
        File.SetLastWriteTimeUtc(Path.Combine(directory, "v2.mmdb"), DateTime.UtcNow.AddMinutes(1));
        var current = Path.Combine(directory, "current.mmdb");
        File.CreateSymbolicLink(current, "v1.mmdb");
        var configured = Path.Combine(directory, "GeoLite2-City.mmdb");
        File.CreateSymbolicLink(configured, "current.mmdb");
        using var database = MaxMindDatabase.Open(configured, Key, new MaxMindReloadSettings
        {
            PollInterval = TimeSpan.FromMilliseconds(100),
            StableFor = TimeSpan.FromMilliseconds(30),
        }, metrics: null, _loggerFactory);
        Assert.Equal(Expected(0, Addresses[0]), Answer(database));

        var next = Path.Combine(directory, "next.mmdb");
        File.CreateSymbolicLink(next, "v2.mmdb");
        File.Move(next, current, overwrite: true);
        await WaitUntil(() => database.Status.Generation == 2, "the file behind the link is loaded");

        Assert.Equal(Expected(1, Addresses[0]), Answer(database));
    }

    public static TheoryData<string, string> BadReplacements => new()
    {
        { "truncated", "is not a MaxMind DB (.mmdb) file or is truncated" },
        { "garbage", "is not a MaxMind DB (.mmdb) file or is truncated" },
        { "empty", "is not a MaxMind DB (.mmdb) file or is truncated" },
        { "asn", "which has no countries" },
        { "foreign-layout", "but not in the GeoIP2 format ContentGate reads" },
        { "country-over-city", "which has no subdivisions" },
    };

    [Theory]
    [MemberData(nameof(BadReplacements))]
    public async Task Replace_WithBadFile_IsRejectedLoggedAndRemembered_AndTheOldDatabaseKeepsServing(string kind, string reason)
    {
        using var database = Open();
        var good = Build(1, EpochB);
        var bad = kind switch
        {
            "truncated" => good[..(good.Length * 2 / 3)],
            "garbage" => "country,iso_code\nRU,RU\n"u8.ToArray(),
            "empty" => [],
            "asn" => AsnDatabase(),
            "foreign-layout" => Verification.VerificationDatabases.IpLocationDbLayout(),
            _ => Build(1, EpochB, GeoDatabaseKind.Country),
        };

        ReplaceByRename(_path, bad);
        // The status is published before the rejection is logged (on the watcher's thread): wait for both.
        await WaitUntil(
            () => database.Status.LastRejection is not null && _logs.Entries.Any(e => e.EventId.Name == "DatabaseReloadRejected"),
            "the bad file is rejected and logged");

        var status = database.Status;
        Assert.Equal(1, status.Generation);
        Assert.Contains(reason, status.LastRejection!.Reason, StringComparison.Ordinal);
        Assert.Contains(_path, status.LastRejection.Reason, StringComparison.Ordinal);
        Assert.All(Addresses, a => Assert.True(database.TryFind(a, out var region) && region.ToString() == Expected(0, a)));
        var logged = Assert.Single(_logs.Entries, e => e.EventId.Name == "DatabaseReloadRejected");
        Assert.Equal(LogLevel.Error, logged.Level);
        Assert.Equal(33, logged.EventId.Id);
        Assert.DoesNotContain(_logs.Entries, e => e.Message.Contains("203.0.113", StringComparison.Ordinal) || e.Message.Contains("2001:db8", StringComparison.Ordinal));

        // A valid file afterwards is loaded and clears the rejection.
        ReplaceByRename(_path, good);
        await WaitUntil(() => database.Status.Generation == 2, "the good file is loaded");
        Assert.Null(database.Status.LastRejection);
        Assert.Equal(Expected(1, Addresses[0]), Answer(database));
    }

    [Fact]
    public async Task RejectedFile_IsNotTriedAgainUntilItChanges()
    {
        using var database = Open(poll: TimeSpan.FromMilliseconds(20));
        var attempts = 0;
        database.Reloaded += _ => Interlocked.Increment(ref attempts);

        ReplaceByRename(_path, "not a database"u8.ToArray());
        // The status is published before the rejection is logged: wait for both.
        await WaitUntil(() => database.Status.LastRejection is not null && _logs.Entries.Any(e => e.EventId.Name == "DatabaseReloadRejected"), "the bad file is rejected and logged");
        for (var i = 0; i < 10; i++)
        {
            database.RequestReload();
            await Task.Delay(20);
        }

        Assert.Equal(1, Volatile.Read(ref attempts));
        Assert.Single(_logs.Entries, e => e.EventId.Name == "DatabaseReloadRejected");
    }

    [Fact]
    public async Task Replace_WhileTheReplacementIsBeingVerified_LookupsAreAnsweredFromTheOldLoad_ThenFromTheNew()
    {
        using var verifying = new SemaphoreSlim(0);
        using var release = new SemaphoreSlim(0);
        using var database = Open(verifying: () =>
        {
            verifying.Release();
            Assert.True(release.Wait(TimeSpan.FromSeconds(30)), "the test never let the verification go on");
        });

        ReplaceByRename(_path, Build(1, EpochB));
        Assert.True(await verifying.WaitAsync(TimeSpan.FromSeconds(20)), "the replacement was never read");

        // The replacement is in memory and held before verification: every address, looked up for the first time
        // (no network cache), is answered by the old load's reader.
        Assert.All(Addresses, a => Assert.True(database.TryFind(a, out var region) && region.ToString() == Expected(0, a), $"{a} during verification"));
        Assert.Equal(1, database.Status.Generation);

        release.Release();
        await WaitUntil(() => database.Status.Generation == 2, "the verified replacement is swapped in");
        Assert.All(Addresses, a => Assert.True(database.TryFind(a, out var region) && region.ToString() == Expected(1, a), $"{a} after the swap"));
    }

    [Fact]
    public async Task Replace_WithACorruptRecord_IsRejectedNamingTheNetwork_AndTheOldLoadServesThroughout()
    {
        using var verifying = new SemaphoreSlim(0);
        using var release = new SemaphoreSlim(0);
        using var database = Open(verifying: () =>
        {
            verifying.Release();
            Assert.True(release.Wait(TimeSpan.FromSeconds(30)), "the test never let the verification go on");
        });
        var corrupt = new Verification.MmdbFile(Build(1, EpochB));
        corrupt.Bytes.AsSpan(corrupt.DataStart + corrupt.DataOffsetOf(Addresses[0]) + 1, 3).Fill(0xFF);

        ReplaceByRename(_path, corrupt.Bytes);
        Assert.True(await verifying.WaitAsync(TimeSpan.FromSeconds(20)), "the replacement was never read");
        Assert.All(Addresses, a => Assert.True(database.TryFind(a, out var region) && region.ToString() == Expected(0, a), $"{a} during verification"));
        release.Release();
        await WaitUntil(() => database.Status.LastRejection is not null && _logs.Entries.Any(e => e.EventId.Name == "DatabaseReloadRejected"), "the corrupt file is rejected and logged");

        var reason = database.Status.LastRejection!.Reason;
        Assert.Contains($"{Key}: the file '{_path}' is corrupt: in the record for {Visitors.IPv4NetworkFor(ReplacementDatabases.Regions[0])}", reason, StringComparison.Ordinal);
        Assert.Contains("a map key is a map, not a string", reason, StringComparison.Ordinal);
        Assert.Equal(1, database.Status.Generation);
        Assert.All(Addresses, a => Assert.True(database.TryFind(a, out var region) && region.ToString() == Expected(0, a), $"{a} after the rejection"));
        Assert.Contains(_logs.Entries, e => e.EventId.Name == "DatabaseReloadRejected" && e.Message.Contains(reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task LoadHeldAcrossReplacement_StillAnswersFromTheOldFile()
    {
        using var database = Open();
        var old = database.Current;

        ReplaceByRename(_path, Build(1, EpochB));
        await WaitUntil(() => database.Status.Generation == 2, "the new file is loaded");

        // New lookups see the new file; a lookup that read the old load before the swap finishes on it, unchanged.
        Assert.Equal(Expected(1, Addresses[0]), Answer(database));
        Assert.NotSame(old, database.Current);
        Assert.True(old.TryFind(Addresses[0], out var region));
        Assert.Equal(Expected(0, Addresses[0]), region.ToString());
    }

    [Fact]
    public void Dispose_ThenLookup_ThrowsObjectDisposed()
    {
        var database = Open();
        var load = database.Current;

        database.Dispose();

        Assert.Throws<ObjectDisposedException>(() => database.TryFind(Addresses[0], out _));
        Assert.True(load.TryFind(Addresses[0], out _), "a lookup already on the load finishes on it");
    }

    [Fact]
    public async Task LookupsFromManyThreadsDuringReplacements_AlwaysAnswerAsOneOfTheFiles()
    {
        using var database = Open();
        var stop = 0;
        var wrong = 0;
        var lookups = 0L;
        var readers = Enumerable.Range(0, 4).Select(reader => Task.Run(() =>
        {
            while (Volatile.Read(ref stop) == 0)
            {
                var address = Addresses[reader];
                var answer = database.TryFind(address, out var region) ? region.ToString() : "none";
                if (answer != Expected(0, address) && answer != Expected(1, address))
                {
                    Interlocked.Increment(ref wrong);
                }

                Interlocked.Increment(ref lookups);
            }
        })).ToArray();

        for (var i = 1; i <= 10; i++)
        {
            ReplaceByRename(_path, Build(i % 2, EpochA.AddMinutes(i)));
            var generation = i + 1;
            await WaitUntil(() => database.Status.Generation == generation, $"replacement {i} is loaded");
        }

        Volatile.Write(ref stop, 1);
        await Task.WhenAll(readers);

        Assert.Equal(0, wrong);
        Assert.True(Interlocked.Read(ref lookups) > 0);
    }

    [Fact]
    public void Open_WithoutSettings_DoesNotFollowTheFile()
    {
        using var database = MaxMindDatabase.Open(_path, Key);

        database.RequestReload();
        ReplaceByRename(_path, Build(1, EpochB));
        database.RequestReload();

        Assert.Equal(1, database.Status.Generation);
        Assert.Equal(Expected(0, Addresses[0]), Answer(database));
    }
}
