using System.Buffers;
using System.Numerics;
using System.Runtime.Intrinsics;

namespace Lakehouse.DuckDB.Functions;

/// <summary>A set of keys, given as UTF-8 bytes.</summary>
internal interface IKeySet
{
    bool Contains(ReadOnlySpan<byte> key);
}

/// <summary>
/// Reads only the top-level keys of a JSON object, skipping values without parsing them: nested objects and arrays
/// are skipped 64 bytes at a time by counting brackets outside strings, as simdjson's first stage finds them.
/// A check for unknown fields on every record then costs little beyond reading the record, where DuckDB's
/// <c>json_keys</c> parses all of it (README, "The embedded engine").
/// </summary>
internal static class JsonObjectKeys
{
    private const int BlockSize = 64;

    private static readonly SearchValues<byte> QuoteOrBackslash = SearchValues.Create("\"\\"u8);
    private static readonly SearchValues<byte> QuoteOrBracket = SearchValues.Create("\"{}[]"u8);
    private static readonly SearchValues<byte> ScalarEnd = SearchValues.Create(",}"u8);

    /// <summary>
    /// True when <paramref name="json"/> is a JSON object and each of its top-level keys is in <paramref name="known"/>.
    /// False when a key is unknown, and also whenever the scan cannot tell cheaply: a key written with escapes, or
    /// text that is not a well-formed object. So true is a promise, false only means "parse it to find out".
    /// </summary>
    public static bool AllKnown<TKeys>(ReadOnlySpan<byte> json, scoped in TKeys known)
        where TKeys : IKeySet, allows ref struct
    {
        var i = SkipSpace(json, 0);
        if (i >= json.Length || json[i] != '{')
        {
            return false;
        }

        i = SkipSpace(json, i + 1);
        if (i < json.Length && json[i] == '}')
        {
            return true;
        }

        while (true)
        {
            if (i >= json.Length || json[i] != '"')
            {
                return false;
            }

            var rest = json[(i + 1)..];
            var end = rest.IndexOfAny(QuoteOrBackslash);
            if (end < 0 || rest[end] != '"' || !known.Contains(rest[..end]))
            {
                return false;
            }

            i = SkipSpace(json, i + 1 + end + 1);
            if (i >= json.Length || json[i] != ':')
            {
                return false;
            }

            i = SkipValue(json, SkipSpace(json, i + 1));
            if (i < 0)
            {
                return false;
            }

            i = SkipSpace(json, i);
            if (i >= json.Length)
            {
                return false;
            }

            if (json[i] == '}')
            {
                return true;
            }

            if (json[i] != ',')
            {
                return false;
            }

            i = SkipSpace(json, i + 1);
        }
    }

    /// <summary>The index just after the value that starts at <paramref name="i"/>, or -1.</summary>
    private static int SkipValue(ReadOnlySpan<byte> json, int i)
    {
        if (i >= json.Length)
        {
            return -1;
        }

        switch (json[i])
        {
            case (byte)'"':
                return SkipString(json, i);
            case (byte)'{' or (byte)'[':
                return SkipNested(json, i);
            default:
                // A number or a literal: it ends where the member does.
                var end = json[i..].IndexOfAny(ScalarEnd);
                return end < 0 ? -1 : i + end;
        }
    }

    /// <summary>The index just after the string that opens at <paramref name="i"/>, or -1.</summary>
    private static int SkipString(ReadOnlySpan<byte> json, int i)
    {
        i++;
        while (true)
        {
            var at = json[i..].IndexOfAny(QuoteOrBackslash);
            if (at < 0)
            {
                return -1;
            }

            i += at;
            if (json[i] == '"')
            {
                return i + 1;
            }

            i += 2; // a backslash and the character it escapes
            if (i > json.Length)
            {
                return -1;
            }
        }
    }

    /// <summary>
    /// The index just after the object or array that opens at <paramref name="start"/>, or -1. Each 64-byte block
    /// becomes bit masks of quotes and brackets; a prefix XOR of the quotes marks the bytes inside strings, and the
    /// brackets outside them are counted. A block with a backslash hands over to the byte-by-byte walk, which
    /// understands escapes.
    /// </summary>
    private static int SkipNested(ReadOnlySpan<byte> json, int start)
    {
        var depth = 0;
        var insideString = 0UL; // all ones when the previous block ended inside a string
        Span<byte> padded = stackalloc byte[BlockSize];
        for (var block = start; block < json.Length; block += BlockSize)
        {
            scoped ReadOnlySpan<byte> bytes;
            if (json.Length - block >= BlockSize)
            {
                bytes = json.Slice(block, BlockSize);
            }
            else
            {
                padded.Fill((byte)' ');
                json[block..].CopyTo(padded);
                bytes = padded;
            }

            var v0 = Vector128.Create(bytes);
            var v1 = Vector128.Create(bytes[16..]);
            var v2 = Vector128.Create(bytes[32..]);
            var v3 = Vector128.Create(bytes[48..]);
            if (Mask(v0, v1, v2, v3, (byte)'\\') != 0)
            {
                return SkipNestedByteByByte(json, start);
            }

            var strings = PrefixXor(Mask(v0, v1, v2, v3, (byte)'"')) ^ insideString;
            insideString = (ulong)((long)strings >> 63);

            // '{' | 0x20 = '{' and '[' | 0x20 = '{'; likewise '}' and ']'.
            var lower = Vector128.Create((byte)0x20);
            v0 |= lower;
            v1 |= lower;
            v2 |= lower;
            v3 |= lower;
            var opens = Mask(v0, v1, v2, v3, (byte)'{') & ~strings;
            var closes = Mask(v0, v1, v2, v3, (byte)'}') & ~strings;
            var closeCount = BitOperations.PopCount(closes);
            if (closeCount < depth)
            {
                depth += BitOperations.PopCount(opens) - closeCount;
                continue;
            }

            // The value may end in this block: walk its brackets in order.
            for (var marks = opens | closes; marks != 0; marks &= marks - 1)
            {
                var bit = BitOperations.TrailingZeroCount(marks);
                depth += ((opens >> bit) & 1) != 0 ? 1 : -1;
                if (depth == 0)
                {
                    return block + bit + 1;
                }
            }
        }

        return -1;
    }

    private static int SkipNestedByteByByte(ReadOnlySpan<byte> json, int i)
    {
        var depth = 0;
        while (true)
        {
            var at = json[i..].IndexOfAny(QuoteOrBracket);
            if (at < 0)
            {
                return -1;
            }

            i += at;
            switch (json[i])
            {
                case (byte)'"':
                    i = SkipString(json, i);
                    if (i < 0)
                    {
                        return -1;
                    }

                    continue;
                case (byte)'{' or (byte)'[':
                    depth++;
                    break;
                default:
                    depth--;
                    break;
            }

            i++;
            if (depth == 0)
            {
                return i;
            }
        }
    }

    /// <summary>One bit per byte of the 64-byte block that equals <paramref name="value"/>.</summary>
    private static ulong Mask(Vector128<byte> v0, Vector128<byte> v1, Vector128<byte> v2, Vector128<byte> v3, byte value)
    {
        var target = Vector128.Create(value);
        return Vector128.Equals(v0, target).ExtractMostSignificantBits()
            | ((ulong)Vector128.Equals(v1, target).ExtractMostSignificantBits() << 16)
            | ((ulong)Vector128.Equals(v2, target).ExtractMostSignificantBits() << 32)
            | ((ulong)Vector128.Equals(v3, target).ExtractMostSignificantBits() << 48);
    }

    /// <summary>Bit i becomes the XOR of bits 0..i: set from an opening quote up to (not including) its closing one.</summary>
    private static ulong PrefixXor(ulong bits)
    {
        bits ^= bits << 1;
        bits ^= bits << 2;
        bits ^= bits << 4;
        bits ^= bits << 8;
        bits ^= bits << 16;
        bits ^= bits << 32;
        return bits;
    }

    private static int SkipSpace(ReadOnlySpan<byte> json, int i)
    {
        while (i < json.Length && json[i] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
        {
            i++;
        }

        return i;
    }
}
