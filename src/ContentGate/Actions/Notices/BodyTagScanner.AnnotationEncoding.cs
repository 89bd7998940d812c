namespace ContentGate.Actions.Notices;

// The encoding attribute that makes a MathML annotation-xml an HTML integration point.
internal sealed partial class BodyTagScanner
{
    // Decides whether "encoding" reads "text/html" or "application/xhtml+xml", ASCII case-insensitively, with
    // character references decoded (the tokenizer decodes them in attribute values): numeric ones, and &sol; and
    // &plus;, the only named references to characters of those values.
    private struct EncodingMatch
    {
        private const int Mismatch = -1;

        // Progress through both values at once (they share no prefix, so one counter and the first byte suffice).
        private int _progress;
        private byte _first;
        private int _reference; // 0: none; 1: after "&"; 2: "&#"; 3: "&#x"; 4: digits; 10+: named
        private int _value;
        private bool _hex;
        private int _namedProgress;
        private bool _ended;

        public readonly bool IsHtml => _ended && _progress != Mismatch && _first != 0 && _progress == Target(_first).Length;

        public void Append(byte c)
        {
            if (_progress == Mismatch)
            {
                return;
            }

            switch (_reference)
            {
                case 0:
                    if (c == '&')
                    {
                        _reference = 1;
                        return;
                    }

                    Match(c);
                    return;
                case 1:
                    if (c == '#')
                    {
                        _reference = 2;
                        _value = 0;
                        return;
                    }

                    _reference = 10;
                    _namedProgress = 0;
                    Named(c);
                    return;
                case 2:
                    _hex = c is (byte)'x' or (byte)'X';
                    _reference = _hex ? 3 : 4;
                    if (_hex)
                    {
                        return;
                    }

                    Digits(c);
                    return;
                case 3:
                case 4:
                    Digits(c);
                    return;
                default:
                    Named(c);
                    return;
            }
        }

        public void End()
        {
            if (_reference is 3 or 4)
            {
                Digits(0); // a numeric reference may end the value without ";"
            }
            else if (_reference != 0)
            {
                _progress = Mismatch;
            }

            _ended = true;
        }

        private static ReadOnlySpan<byte> Target(byte first) => first == 't' ? "text/html"u8 : "application/xhtml+xml"u8;

        private void Digits(byte c)
        {
            var digit = IsAsciiDigit(c) ? c - '0' : _hex && (uint)((c | 0x20) - 'a') <= 5 ? (c | 0x20) - 'a' + 10 : -1;
            if (digit >= 0)
            {
                _reference = 4;
                _value = Math.Min((_value * (_hex ? 16 : 10)) + digit, 0x110000);
                return;
            }

            _reference = 0;
            Match(_value is > 0 and < 128 ? (byte)_value : (byte)0xFF);
            if (c != ';' && c != 0)
            {
                Append(c);
            }
        }

        private void Named(byte c)
        {
            var sol = "sol;"u8;
            var plus = "plus;"u8;
            var at = _namedProgress;
            if (at < sol.Length && c == sol[at] && (at == 0 || _reference == 11))
            {
                _reference = 11;
                _namedProgress++;
                if (_namedProgress == sol.Length)
                {
                    _reference = 0;
                    Match((byte)'/');
                }

                return;
            }

            if (at < plus.Length && c == plus[at] && (at == 0 || _reference == 12))
            {
                _reference = 12;
                _namedProgress++;
                if (_namedProgress == plus.Length)
                {
                    _reference = 0;
                    Match((byte)'+');
                }

                return;
            }

            _progress = Mismatch;
        }

        private void Match(byte c)
        {
            var lower = ToLowerAscii(c);
            if (_first == 0)
            {
                _first = lower is (byte)'t' or (byte)'a' ? lower : (byte)0;
                _progress = _first == 0 ? Mismatch : 1;
                return;
            }

            var target = Target(_first);
            _progress = _progress < target.Length && target[_progress] == lower ? _progress + 1 : Mismatch;
        }
    }
}
