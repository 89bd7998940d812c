using System.Globalization;
using System.Text;

namespace ContentGate.Actions.Notices;

/// <summary>Turns a configured notice into the bytes inserted into pages.</summary>
internal static class NoticeMarkup
{
    /// <summary>Encodes the notice for pages served as UTF-8.</summary>
    /// <param name="html">The notice HTML.</param>
    /// <returns>The UTF-8 bytes, without a byte order mark.</returns>
    public static byte[] ToUtf8(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        return Encoding.UTF8.GetBytes(html);
    }

    /// <summary>
    /// Encodes the notice as pure ASCII, writing every non-ASCII character as a hexadecimal character
    /// reference (<c>&amp;#x41F;</c>), so that it reads the same in a page of any ASCII-compatible charset
    /// (windows-1251, KOI8-R, ISO-8859-x, Shift_JIS …) whatever the browser decides that charset is.
    /// </summary>
    /// <remarks>
    /// Character references are decoded in text and attribute values, which is what notices are made of. They
    /// are not decoded inside <c>&lt;script&gt;</c>, <c>&lt;style&gt;</c> or comments, so non-ASCII text there
    /// would show as the reference itself in non-UTF-8 pages; keep notice scripts and styles ASCII.
    /// A character outside the BMP becomes one reference (<c>&amp;#x1F600;</c>), not two surrogate halves;
    /// an unpaired surrogate, which has no valid encoding, becomes <c>&amp;#xFFFD;</c>.
    /// </remarks>
    /// <param name="html">The notice HTML.</param>
    /// <returns>ASCII bytes.</returns>
    public static byte[] ToAsciiWithCharacterReferences(string html)
    {
        ArgumentNullException.ThrowIfNull(html);

        var builder = new StringBuilder(html.Length);
        foreach (var rune in html.EnumerateRunes()) // unpaired surrogates come back as U+FFFD
        {
            if (rune.IsAscii)
            {
                builder.Append((char)rune.Value);
            }
            else
            {
                builder.Append(CultureInfo.InvariantCulture, $"&#x{rune.Value:X};");
            }
        }

        return Encoding.ASCII.GetBytes(builder.ToString());
    }
}
