namespace ContentGate.Sources.WebService;

/// <summary>
/// Cancels the HTTP request of a web-service call when the call's own token fires. MaxMind's
/// <c>WebServiceClient</c> takes no <see cref="CancellationToken"/>, so the token travels here in an
/// <see cref="AsyncLocal{T}"/> set around the call: a timed-out call then frees its connection at once instead of
/// running on until the client's own timeout.
/// </summary>
internal sealed class CallCancellationHandler(AsyncLocal<CancellationToken> callToken, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var call = callToken.Value;
        if (!call.CanBeCanceled)
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, call);
        return await base.SendAsync(request, linked.Token).ConfigureAwait(false);
    }
}
