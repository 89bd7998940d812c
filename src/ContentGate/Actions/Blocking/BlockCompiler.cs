using ContentGate.Languages;
using ContentGate.Policies;

namespace ContentGate.Actions.Blocking;

/// <summary>Compiles <c>Policies:&lt;name&gt;:Block</c>.</summary>
internal static class BlockCompiler
{
    public static BlockPayload? Compile(CompileContext context, string key, string name, BlockOptions? options, string defaultLanguage)
    {
        var block = options ?? new BlockOptions();
        var content = LocalizedContentCompiler.Compile(context, $"{key}:Block", defaultLanguage, block.Html ?? (block.HtmlFile is null ? ContentGateDefaults.BlockHtml : null), block.HtmlFile, ContentGateDefaults.BlockTitle, string.Empty, block.Detail, block.Translations, required: true);
        var blockedBy = block.BlockedBy?.Trim();
        if (blockedBy is not null && !IsValidBlockedBy(blockedBy))
        {
            context.Add($"{key}:Block:BlockedBy: '{block.BlockedBy}' is neither an absolute http(s) URL nor a local path. Use the address of the page that explains who imposed the block, for example \"https://example.org/legal\" or \"/legal\".");
            return null;
        }

        return content is null ? null : new BlockPayload(content, new BlockResponse(name, blockedBy, content));
    }

    private static bool IsValidBlockedBy(string value)
    {
        if (value.AsSpan().IndexOfAny('<', '>', ' ') >= 0 || value.Contains('"', StringComparison.Ordinal))
        {
            return false;
        }

        if (value.StartsWith('/'))
        {
            return !value.StartsWith("//", StringComparison.Ordinal) && !value.StartsWith("/\\", StringComparison.Ordinal);
        }

        return Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
    }
}
