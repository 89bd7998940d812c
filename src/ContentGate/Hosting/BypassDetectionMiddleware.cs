using ContentGate.Decisions;
using ContentGate.Diagnostics;
using ContentGate.Actions.Notices;
using ContentGate.Regions;
using Microsoft.AspNetCore.Http;

namespace ContentGate.Hosting;

/// <summary>
/// The outermost middleware of an app that calls <c>AddContentGate</c> (put there by
/// <see cref="BypassDetectionStartupFilter"/>): after each response it checks whether ContentGate saw the request, and
/// when it did not but a policy covers the path, reports that something before <c>UseContentGate</c> answered it — a
/// static file, a cached page, a middleware of the app's — or that <c>UseContentGate</c> is missing.
/// </summary>
/// <remarks>
/// ContentGate publishes <see cref="IRegionFeature"/> on every request it handles, so "did it see the request" is one
/// feature lookup; the coverage check runs only for requests it did not see. The response is not touched: the
/// detector reports, it cannot act (it runs before the forwarded-headers middleware, where the reader's address is not
/// known yet).
/// </remarks>
internal sealed class BypassDetectionMiddleware(RequestDelegate next, ContentGateRuntime runtime, PipelineDiagnostics diagnostics)
{
    public Task InvokeAsync(HttpContext context)
    {
        var running = next(context);
        if (!running.IsCompletedSuccessfully)
        {
            return CheckAfterAsync(running, context);
        }

        Check(context);
        return running;
    }

    private async Task CheckAfterAsync(Task running, HttpContext context)
    {
        await running;
        Check(context);
    }

    private void Check(HttpContext context)
    {
        if (context.Features.Get<IRegionFeature>() is not null)
        {
            return;
        }

        var response = context.Response;
        var status = response.StatusCode;
        if (status is < 200 or > 299 or StatusCodes.Status204NoContent || HttpMethods.IsOptions(context.Request.Method))
        {
            return;
        }

        var policies = runtime.Current.Policies;
        var path = context.Request.Path;
        if (!policies.HasPolicies || path.StartsWithSegments(policies.PathPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var endpoint = context.GetEndpoint();
        foreach (var policy in policies.Gated)
        {
            if (GateEvaluator.Covers(policies, policy, path, endpoint))
            {
                diagnostics.AnsweredWithoutContentGate(path.Value ?? "/", policy.Name, policy.Action.ToString(), status, ruleAtRisk: true);
                return;
            }
        }

        // Notices only go into HTML pages: anything else on a notice path is the same for every region.
        if (!NoticeEligibility.IsHtmlPage(context))
        {
            return;
        }

        foreach (var policy in policies.Notices)
        {
            if (GateEvaluator.Covers(policies, policy, path, endpoint))
            {
                diagnostics.AnsweredWithoutContentGate(path.Value ?? "/", policy.Name, policy.Action.ToString(), status, ruleAtRisk: false);
                return;
            }
        }
    }
}
