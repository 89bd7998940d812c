using System.Collections.Concurrent;
using System.Text;
using ContentGate.Notices;
using ContentGate.Regions;

namespace ContentGate.Policies;

/// <summary>
/// One immutable, compiled view of the options: the region sources and the policies. A configuration change
/// produces a whole new snapshot; nothing in here changes after construction except the notice cache.
/// </summary>
internal sealed class GateSnapshot
{
    // Notice combinations are few (one per distinct set of matching notice policies), so they are built once
    // and reused; the key is a bit per notice policy.
    private readonly ConcurrentDictionary<ulong, NoticeInjection> _noticeCombinations = new();

    public GateSnapshot(RegionResolver resolver, CompiledPolicy[] policies, bool keepSharedCacheable)
    {
        Resolver = resolver;
        KeepSharedCacheable = keepSharedCacheable;
        BlockPolicies = [.. policies.Where(p => p.Action == PolicyAction.Block)];
        NoticePolicies = [.. policies.Where(p => p.Action == PolicyAction.Notice)];
        NoMatchingNotice = NoticeInjection.CacheRulesOnly(keepSharedCacheable);
    }

    public RegionResolver Resolver { get; }

    public bool KeepSharedCacheable { get; }

    /// <summary>Block policies in ordinal name order: the first that applies answers the request.</summary>
    public CompiledPolicy[] BlockPolicies { get; }

    /// <summary>Notice policies in ordinal name order: every one that applies is inserted, in this order.</summary>
    public CompiledPolicy[] NoticePolicies { get; }

    public bool HasPolicies => BlockPolicies.Length + NoticePolicies.Length > 0;

    /// <summary>What a response gets when a notice policy covers its path but the visitor does not match.</summary>
    public NoticeInjection NoMatchingNotice { get; }

    /// <summary>Returns the notice markup for the notice policies whose bits are set in <paramref name="mask"/>.</summary>
    public NoticeInjection GetNotice(ulong mask)
    {
        if (_noticeCombinations.TryGetValue(mask, out var cached))
        {
            return cached;
        }

        var html = new StringBuilder();
        for (var i = 0; i < NoticePolicies.Length && i < 64; i++)
        {
            if ((mask & (1UL << i)) != 0)
            {
                html.Append(NoticePolicies[i].NoticeMarkup);
            }
        }

        return _noticeCombinations.GetOrAdd(mask, NoticeInjection.Create(html.ToString(), KeepSharedCacheable));
    }
}
