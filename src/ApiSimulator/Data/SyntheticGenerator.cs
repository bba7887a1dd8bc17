using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Lakehouse.ApiSimulator.Data;

/// <summary>
/// The fields of a product that carts repeat, drawn first so carts can rebuild them cheaply; the
/// values carts write are pre-encoded once, because cart lines are the hot path at scale.
/// </summary>
internal sealed class ProductCore
{
    public ProductCore(int categoryIndex, string? brand, string item, string title, string slug, long priceCents, int discountBasisPoints)
    {
        CategoryIndex = categoryIndex;
        Brand = brand;
        Item = item;
        Title = title;
        Slug = slug;
        PriceCents = priceCents;
        DiscountBasisPoints = discountBasisPoints;
        Thumbnail = $"https://cdn.dummyjson.com/product-images/{Category}/{slug}/thumbnail.webp";
        ItemLower = item.ToLowerInvariant();
        SkuPrefix = $"{Vocabulary.Categories[categoryIndex].Code}-{SkuCode(brand ?? item)}-{SkuCode(item)}-";
        EncodedTitle = JsonEncodedText.Encode(title, JsonOutput.WriterOptions.Encoder);
        EncodedThumbnail = JsonEncodedText.Encode(Thumbnail, JsonOutput.WriterOptions.Encoder);
    }

    public int CategoryIndex { get; }

    public string? Brand { get; }

    public string Item { get; }

    public string ItemLower { get; }

    /// <summary>DummyJSON's SKU without the id: category, brand and item codes ("BEA-ESS-ESS-").</summary>
    public string SkuPrefix { get; }

    public string Title { get; }

    public string Slug { get; }

    public long PriceCents { get; }

    public int DiscountBasisPoints { get; }

    public string Category => Vocabulary.Categories[CategoryIndex].Slug;

    public string Thumbnail { get; }

    public JsonEncodedText EncodedTitle { get; }

    public JsonEncodedText EncodedThumbnail { get; }

    /// <summary>The first three letters of a name in upper case, as in DummyJSON's SKUs.</summary>
    private static string SkuCode(string name)
    {
        Span<char> code = stackalloc char[3];
        var length = 0;
        foreach (var c in name)
        {
            if (length == 3)
            {
                break;
            }

            if (char.IsAsciiLetter(c))
            {
                code[length++] = char.ToUpperInvariant(c);
            }
        }

        return new string(code[..length]);
    }
}

/// <summary>
/// Writes synthetic products, carts and users. Each record draws from its own PRNG seeded by
/// (seed, resource stream, index), so records are independent and reproducible one at a time.
/// </summary>
internal sealed class SyntheticGenerator
{
    private const ulong ProductCoreStream = 1;
    private const ulong ProductDetailStream = 2;
    private const ulong CartStream = 3;
    private const ulong UserStream = 4;
    private const ulong PermutationStream = 5;

    /// <summary>The period synthetic timestamps fall in: 2025-01-01 plus up to one year.</summary>
    private static readonly DateTime EpochUtc = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private readonly long _seed;
    private readonly int _products;
    private readonly int _users;
    private readonly long _userMultiplier;
    private readonly long _userOffset;
    private readonly long _productMultiplier;
    private readonly long _productOffset;

    public SyntheticGenerator(long seed, int products, int users)
    {
        _seed = seed;
        _products = products;
        _users = users;
        var rng = SplitMix64.ForRecord(seed, PermutationStream, 0);
        (_userMultiplier, _userOffset) = Permutation(ref rng, users);
        (_productMultiplier, _productOffset) = Permutation(ref rng, products);
    }

    public int CategoryIndex(int productIndex)
    {
        var rng = SplitMix64.ForRecord(_seed, ProductCoreStream, productIndex);
        return DrawCategory(ref rng);
    }

    public ProductCore ProductCore(int productIndex)
    {
        var rng = SplitMix64.ForRecord(_seed, ProductCoreStream, productIndex);
        var categoryIndex = DrawCategory(ref rng);
        var category = Vocabulary.Categories[categoryIndex];
        string? brand = category.Brands.Length == 0 ? null : rng.Pick(category.Brands);
        var item = rng.Pick(category.Items);
        var title = (brand is null ? item : $"{brand} {item}") + rng.Pick(Vocabulary.Models);

        // Log-uniform list prices, mostly ending in .99 as shop prices do.
        var dollars = Math.Exp(Math.Log(category.MinPrice) + (rng.NextDouble() * (Math.Log(category.MaxPrice) - Math.Log(category.MinPrice))));
        var priceCents = dollars < 1 ? Math.Max(1, (long)(dollars * 100)) : ((long)dollars * 100) + 99;
        var discountBasisPoints = rng.Between(1, 2000);
        return new ProductCore(categoryIndex, brand, item, title, Slugify(title), priceCents, discountBasisPoints);
    }

    /// <summary>The userId of a cart: drawn from a skewed distribution, so some customers return often.</summary>
    public long CartUserId(int cartIndex)
    {
        var rng = SplitMix64.ForRecord(_seed, CartStream, cartIndex);
        return DrawUser(ref rng);
    }

    public void WriteProduct(int index, ProductCore core, Utf8JsonWriter w)
    {
        var rng = SplitMix64.ForRecord(_seed, ProductDetailStream, index);
        var id = index + 1;
        var category = Vocabulary.Categories[core.CategoryIndex];
        w.WriteStartObject();
        w.WriteNumber("id"u8, id);
        w.WriteString("title"u8, core.Title);
        w.WriteString("description"u8, $"The {core.Title} is a {rng.Pick(Vocabulary.Adjectives)} {core.ItemLower} for {rng.Pick(Vocabulary.Benefits)}.");
        w.WriteString("category"u8, category.Slug);
        WriteHundredths(w, Names.Price, core.PriceCents);
        WriteHundredths(w, Names.DiscountPercentage, core.DiscountBasisPoints);

        // Ratings lean positive (most between 3 and 5), as shop ratings do.
        WriteHundredths(w, Names.Rating, 500 - (int)(Math.Pow(rng.NextDouble(), 1.6) * 400));
        var stockDraw = rng.NextDouble();
        var stock = stockDraw < 0.02 ? 0 : stockDraw < 0.09 ? rng.Between(1, 7) : rng.Between(8, 150);
        w.WriteNumber("stock"u8, stock);
        w.WriteStartArray("tags"u8);
        w.WriteStringValue(category.Tag);
        w.WriteStringValue(core.ItemLower);
        w.WriteEndArray();
        if (core.Brand is not null)
        {
            w.WriteString("brand"u8, core.Brand);
        }

        w.WriteString("sku"u8, core.SkuPrefix + id.ToString("000", CultureInfo.InvariantCulture));
        w.WriteNumber("weight"u8, rng.Between(1, 10));
        w.WriteStartObject("dimensions"u8);
        WriteHundredths(w, Names.Width, rng.Between(500, 3000));
        WriteHundredths(w, Names.Height, rng.Between(500, 3000));
        WriteHundredths(w, Names.Depth, rng.Between(500, 3000));
        w.WriteEndObject();
        w.WriteString("warrantyInformation"u8, rng.Pick(Vocabulary.Warranties));
        w.WriteString("shippingInformation"u8, rng.Pick(Vocabulary.Shipping));
        w.WriteString("availabilityStatus"u8, stock == 0 ? "Out of Stock" : stock < 8 ? "Low Stock" : "In Stock");
        var created = EpochUtc.AddMilliseconds(rng.NextDouble() * 365 * 24 * 3600 * 1000);
        w.WriteStartArray("reviews"u8);
        for (var r = 0; r < 3; r++)
        {
            var reviewRating = rng.Between(1, 5);
            var comments = Vocabulary.ReviewComments;
            var firstIndex = rng.Next(Vocabulary.FemaleFirstNames.Length);
            var lastIndex = rng.Next(Vocabulary.LastNames.Length);
            w.WriteStartObject();
            w.WriteNumber("rating"u8, reviewRating);
            w.WriteString("comment"u8, reviewRating >= 3 ? comments[rng.Next(8)] : comments[8 + rng.Next(comments.Length - 8)]);
            WriteIsoTimestamp(w, "date"u8, created.AddHours(rng.Between(1, 2000)));
            w.WriteString("reviewerName"u8, string.Concat(Vocabulary.FemaleFirstNames[firstIndex], " ", Vocabulary.LastNames[lastIndex]));
            w.WriteString("reviewerEmail"u8, string.Concat(Vocabulary.FemaleFirstNamesLower[firstIndex], ".", Vocabulary.LastNamesLower[lastIndex], "@x.dummyjson.com"));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteString("returnPolicy"u8, rng.Pick(Vocabulary.ReturnPolicies));
        w.WriteNumber("minimumOrderQuantity"u8, rng.Between(1, 50));
        w.WriteStartObject("meta"u8);
        WriteIsoTimestamp(w, "createdAt"u8, created);
        WriteIsoTimestamp(w, "updatedAt"u8, created.AddDays(rng.Between(0, 90)));
        w.WriteString("barcode"u8, Digits(ref rng, 13));
        w.WriteString("qrCode"u8, "https://cdn.dummyjson.com/public/qr-code.png");
        w.WriteEndObject();
        var imageCount = rng.Between(1, 4);
        w.WriteStartArray("images"u8);
        for (var n = 1; n <= imageCount; n++)
        {
            w.WriteStringValue(string.Create(CultureInfo.InvariantCulture, $"https://cdn.dummyjson.com/product-images/{category.Slug}/{core.Slug}/{n}.webp"));
        }

        w.WriteEndArray();
        w.WriteString("thumbnail"u8, core.Thumbnail);
        w.WriteEndObject();
    }

    public void WriteCart(int index, Func<int, ProductCore> productCore, Utf8JsonWriter w)
    {
        var rng = SplitMix64.ForRecord(_seed, CartStream, index);
        var userId = DrawUser(ref rng);
        var lineCount = Math.Min(rng.Between(1, 6), _products);
        Span<int> productIndexes = stackalloc int[6];
        for (var n = 0; n < lineCount; n++)
        {
            int candidate;
            do
            {
                var u = rng.NextDouble();
                candidate = (int)Permute(u * Math.Sqrt(u), _products, _productMultiplier, _productOffset);
            }
            while (productIndexes[..n].Contains(candidate));
            productIndexes[n] = candidate;
        }

        // Carts are the hot path at scale: the record is composed as bytes and handed to the writer in one piece, which
        // costs a fraction of a Utf8JsonWriter call per field. The bytes are exactly what those calls would write.
        var cores = default(SixProductCores);
        var estimate = 160;
        for (var n = 0; n < lineCount; n++)
        {
            cores[n] = productCore(productIndexes[n]);
            estimate += 200 + cores[n].EncodedTitle.EncodedUtf8Bytes.Length + cores[n].EncodedThumbnail.EncodedUtf8Bytes.Length;
        }

        byte[]? rented = null;
        var buffer = estimate <= 4096 ? stackalloc byte[4096] : (rented = System.Buffers.ArrayPool<byte>.Shared.Rent(estimate));
        var json = new RawJson(buffer);
        long totalCents = 0, discountedCents = 0, totalQuantity = 0;
        json.Append("{\"id\":"u8);
        json.Integer(index + 1);
        json.Append(",\"products\":["u8);
        for (var n = 0; n < lineCount; n++)
        {
            var core = cores[n];
            var quantity = rng.Between(1, 5);
            var lineCents = core.PriceCents * quantity;
            var lineDiscountedCents = (long)Math.Round(lineCents * (10_000 - core.DiscountBasisPoints) / 10_000.0, MidpointRounding.AwayFromZero);
            totalCents += lineCents;
            discountedCents += lineDiscountedCents;
            totalQuantity += quantity;
            json.Append(n == 0 ? "{\"id\":"u8 : ",{\"id\":"u8);
            json.Integer(productIndexes[n] + 1);
            json.Append(",\"title\":\""u8);
            json.Append(core.EncodedTitle.EncodedUtf8Bytes);
            json.Append("\",\"price\":"u8);
            json.Hundredths(core.PriceCents);
            json.Append(",\"quantity\":"u8);
            json.Integer(quantity);
            json.Append(",\"total\":"u8);
            json.Hundredths(lineCents);
            json.Append(",\"discountPercentage\":"u8);
            json.Hundredths(core.DiscountBasisPoints);
            json.Append(",\"discountedTotal\":"u8);
            json.Hundredths(lineDiscountedCents);
            json.Append(",\"thumbnail\":\""u8);
            json.Append(core.EncodedThumbnail.EncodedUtf8Bytes);
            json.Append("\"}"u8);
        }

        json.Append("],\"total\":"u8);
        json.Hundredths(totalCents);
        json.Append(",\"discountedTotal\":"u8);
        json.Hundredths(discountedCents);
        json.Append(",\"userId\":"u8);
        json.Integer(userId);
        json.Append(",\"totalProducts\":"u8);
        json.Integer(lineCount);
        json.Append(",\"totalQuantity\":"u8);
        json.Integer(totalQuantity);
        json.Append("}"u8);
        w.WriteRawValue(json.Written, skipInputValidation: true);
        if (rented is not null)
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Writes a count of hundredths (cents, basis points) as the shortest decimal, as JavaScript
    /// prints the number: 2399 is 23.99, 1640 is 16.4, 1600 is 16. Faster than formatting a double.
    /// </summary>
    internal static void WriteHundredths(Utf8JsonWriter w, JsonEncodedText name, long hundredths)
    {
        Span<byte> text = stackalloc byte[24];
        var length = FormatHundredths(text, hundredths);
        w.WritePropertyName(name);
        w.WriteRawValue(text[..length], skipInputValidation: true);
    }

    /// <summary>Formats hundredths as <see cref="WriteHundredths"/> writes them; returns the length (at most 24).</summary>
    internal static int FormatHundredths(Span<byte> text, long hundredths)
    {
        var length = 0;
        if (hundredths < 0)
        {
            text[length++] = (byte)'-';
            hundredths = -hundredths;
        }

        System.Buffers.Text.Utf8Formatter.TryFormat(hundredths / 100, text[length..], out var written);
        length += written;
        var fraction = (int)(hundredths % 100);
        if (fraction != 0)
        {
            text[length++] = (byte)'.';
            text[length++] = (byte)('0' + (fraction / 10));
            if (fraction % 10 != 0)
            {
                text[length++] = (byte)('0' + (fraction % 10));
            }
        }

        return length;
    }

    public void WriteUser(int index, Utf8JsonWriter w)
    {
        var rng = SplitMix64.ForRecord(_seed, UserStream, index);
        var id = index + 1;
        var female = rng.Next(2) == 0;
        var first = rng.Pick(female ? Vocabulary.FemaleFirstNames : Vocabulary.MaleFirstNames);
        var last = rng.Pick(Vocabulary.LastNames);
        var username = string.Create(CultureInfo.InvariantCulture, $"{first.ToLowerInvariant()}{char.ToLowerInvariant(last[0])}{id}");
        var age = rng.Between(18, 75);
        w.WriteStartObject();
        w.WriteNumber("id"u8, id);
        w.WriteString("firstName"u8, first);
        w.WriteString("lastName"u8, last);
        w.WriteString("maidenName"u8, female && rng.Next(3) == 0 ? rng.Pick(Vocabulary.LastNames) : string.Empty);
        w.WriteNumber("age"u8, age);
        w.WriteString("gender"u8, female ? "female" : "male");
        w.WriteString("email"u8, string.Create(CultureInfo.InvariantCulture, $"{first.ToLowerInvariant()}.{last.ToLowerInvariant()}{id}@x.dummyjson.com"));
        w.WriteString("phone"u8, string.Create(CultureInfo.InvariantCulture, $"+{rng.Pick(CountryCodes)} {rng.Between(200, 999)}-{rng.Between(100, 999)}-{rng.Between(1000, 9999)}"));
        w.WriteString("username"u8, username);
        w.WriteString("password"u8, username + "pass");

        // DummyJSON writes birth dates without zero padding ("1996-5-30").
        w.WriteString("birthDate"u8, string.Create(CultureInfo.InvariantCulture, $"{2025 - age}-{rng.Between(1, 12)}-{rng.Between(1, 28)}"));
        w.WriteString("image"u8, $"https://dummyjson.com/icon/{username}/128");
        w.WriteString("bloodGroup"u8, rng.Pick(Vocabulary.BloodGroups));
        WriteHundredths(w, Names.Height, rng.Between(15000, 20000));
        WriteHundredths(w, Names.Weight, rng.Between(4500, 12000));
        w.WriteString("eyeColor"u8, rng.Pick(Vocabulary.EyeColors));
        w.WriteStartObject("hair"u8);
        w.WriteString("color"u8, rng.Pick(Vocabulary.HairColors));
        w.WriteString("type"u8, rng.Pick(Vocabulary.HairTypes));
        w.WriteEndObject();
        w.WriteString("ip"u8, string.Create(CultureInfo.InvariantCulture, $"{rng.Between(1, 223)}.{rng.Next(256)}.{rng.Next(256)}.{rng.Between(1, 254)}"));
        WriteAddress(ref rng, "address"u8, w);
        w.WriteString("macAddress"u8, string.Create(CultureInfo.InvariantCulture, $"{rng.Next(256):x2}:{rng.Next(256):x2}:{rng.Next(256):x2}:{rng.Next(256):x2}:{rng.Next(256):x2}:{rng.Next(256):x2}"));
        w.WriteString("university"u8, rng.Pick(Vocabulary.Universities));
        w.WriteStartObject("bank"u8);
        w.WriteString("cardExpire"u8, string.Create(CultureInfo.InvariantCulture, $"{rng.Between(1, 12):00}/{rng.Between(25, 32)}"));
        w.WriteString("cardNumber"u8, Digits(ref rng, 16));
        w.WriteString("cardType"u8, rng.Pick(Vocabulary.CardTypes));
        w.WriteString("currency"u8, rng.Pick(Vocabulary.Currencies));
        w.WriteString("iban"u8, $"{rng.Pick(IbanCountries)}{Digits(ref rng, 2)}{Alphanumeric(ref rng, 18)}");
        w.WriteEndObject();
        w.WriteStartObject("company"u8);
        w.WriteString("department"u8, rng.Pick(Vocabulary.Departments));
        w.WriteString("name"u8, $"{rng.Pick(Vocabulary.LastNames)} {rng.Pick(Vocabulary.CompanySuffixes)}");
        w.WriteString("title"u8, rng.Pick(Vocabulary.JobTitles));
        WriteAddress(ref rng, "address"u8, w);
        w.WriteEndObject();
        w.WriteString("ein"u8, $"{Digits(ref rng, 3)}-{Digits(ref rng, 3)}");
        w.WriteString("ssn"u8, $"{Digits(ref rng, 3)}-{Digits(ref rng, 3)}-{Digits(ref rng, 3)}");
        w.WriteString("userAgent"u8, rng.Pick(Vocabulary.UserAgents));
        w.WriteStartObject("crypto"u8);
        w.WriteString("coin"u8, rng.Pick(Vocabulary.Coins));
        w.WriteString("wallet"u8, "0x" + Hex(ref rng, 40));
        w.WriteString("network"u8, rng.Pick(Vocabulary.CryptoNetworks));
        w.WriteEndObject();
        var roleDraw = rng.Next(1000);
        w.WriteString("role"u8, roleDraw < 25 ? "admin" : roleDraw < 75 ? "moderator" : "user");
        w.WriteEndObject();
    }

    /// <summary>Pre-encoded names of the numbers written as hundredths (carts are rendered as raw bytes instead).</summary>
    private static class Names
    {
        public static readonly JsonEncodedText Price = JsonEncodedText.Encode("price");
        public static readonly JsonEncodedText DiscountPercentage = JsonEncodedText.Encode("discountPercentage");
        public static readonly JsonEncodedText Rating = JsonEncodedText.Encode("rating");
        public static readonly JsonEncodedText Width = JsonEncodedText.Encode("width");
        public static readonly JsonEncodedText Height = JsonEncodedText.Encode("height");
        public static readonly JsonEncodedText Depth = JsonEncodedText.Encode("depth");
        public static readonly JsonEncodedText Weight = JsonEncodedText.Encode("weight");
    }

    private static readonly string[] CountryCodes = ["1", "1", "1", "44", "49", "61", "81", "91", "92", "33", "7", "55"];

    private static readonly string[] IbanCountries = ["GB", "DE", "FR", "NL", "ES", "IT"];

    private static void WriteAddress(ref SplitMix64 rng, ReadOnlySpan<byte> name, Utf8JsonWriter w)
    {
        var (state, stateCode) = rng.Pick(Vocabulary.States);
        w.WriteStartObject(name);
        w.WriteString("address"u8, string.Create(CultureInfo.InvariantCulture, $"{rng.Between(1, 9999)} {rng.Pick(Vocabulary.Streets)}"));
        w.WriteString("city"u8, rng.Pick(Vocabulary.Cities));
        w.WriteString("state"u8, state);
        w.WriteString("stateCode"u8, stateCode);
        w.WriteString("postalCode"u8, Digits(ref rng, 5));
        w.WriteStartObject("coordinates"u8);
        w.WriteNumber("lat"u8, Math.Round((rng.NextDouble() * 180) - 90, 6));
        w.WriteNumber("lng"u8, Math.Round((rng.NextDouble() * 360) - 180, 6));
        w.WriteEndObject();
        w.WriteString("country"u8, "United States");
        w.WriteEndObject();
    }

    private static int DrawCategory(ref SplitMix64 rng)
    {
        var weights = Vocabulary.CumulativeCategoryWeights;
        var draw = rng.Next(weights[^1]);
        var index = 0;
        while (weights[index] <= draw)
        {
            index++;
        }

        return index;
    }

    /// <summary>A userId with density falling as u^2.5: a few customers buy often, many rarely or never.</summary>
    private long DrawUser(ref SplitMix64 rng)
    {
        var u = rng.NextDouble();
        return Permute(u * u * Math.Sqrt(u), _users, _userMultiplier, _userOffset) + 1;
    }

    /// <summary>
    /// Maps a skewed draw in [0, 1) to a rank in [0, count) (small ranks are popular), then through
    /// a seeded permutation so the popular entities are spread over the id range.
    /// </summary>
    private static long Permute(double skewed, int count, long multiplier, long offset)
    {
        var rank = Math.Min(count - 1, (long)(skewed * count));
        return ((rank * multiplier) + offset) % count;
    }

    private static (long Multiplier, long Offset) Permutation(ref SplitMix64 rng, int count)
    {
        if (count <= 1)
        {
            return (1, 0);
        }

        // a*x+b mod n is a bijection when gcd(a, n) = 1.
        var multiplier = (long)(rng.NextUInt64() % (ulong)count) | 1;
        while (Gcd(multiplier, count) != 1)
        {
            multiplier = (multiplier + 2) % count;
            multiplier = multiplier == 0 ? 1 : multiplier;
        }

        return (multiplier, (long)(rng.NextUInt64() % (ulong)count));
    }

    private static long Gcd(long a, long b) => b == 0 ? a : Gcd(b, a % b);

    private static string Slugify(string title)
    {
        var slug = new StringBuilder(title.Length);
        foreach (var c in title)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(char.ToLowerInvariant(c));
            }
            else if (c != '\'' && slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        return slug.ToString().TrimEnd('-');
    }

    /// <summary>Writes "2025-04-30T09:41:02.053Z" (JavaScript's toISOString) without allocating.</summary>
    private static void WriteIsoTimestamp(Utf8JsonWriter w, ReadOnlySpan<byte> name, DateTime utc)
    {
        Span<byte> text = stackalloc byte[24];
        Digits(text[..4], utc.Year);
        text[4] = (byte)'-';
        Digits(text[5..7], utc.Month);
        text[7] = (byte)'-';
        Digits(text[8..10], utc.Day);
        text[10] = (byte)'T';
        Digits(text[11..13], utc.Hour);
        text[13] = (byte)':';
        Digits(text[14..16], utc.Minute);
        text[16] = (byte)':';
        Digits(text[17..19], utc.Second);
        text[19] = (byte)'.';
        Digits(text[20..23], utc.Millisecond);
        text[23] = (byte)'Z';
        w.WriteString(name, text);

        static void Digits(Span<byte> destination, int value)
        {
            for (var i = destination.Length - 1; i >= 0; i--)
            {
                destination[i] = (byte)('0' + (value % 10));
                value /= 10;
            }
        }
    }

    private static string Digits(ref SplitMix64 rng, int length) => Characters(ref rng, length, "0123456789");

    private static string Hex(ref SplitMix64 rng, int length) => Characters(ref rng, length, "0123456789abcdef");

    private static string Alphanumeric(ref SplitMix64 rng, int length) => Characters(ref rng, length, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ");

    private static string Characters(ref SplitMix64 rng, int length, string alphabet)
    {
        Span<char> chars = stackalloc char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = alphabet[rng.Next(alphabet.Length)];
        }

        return new string(chars);
    }
}

/// <summary>Appends JSON text to a span (sized by the caller, so no bounds are checked beyond the span's own).</summary>
internal ref struct RawJson(Span<byte> buffer)
{
    private readonly Span<byte> _buffer = buffer;
    private int _length;

    public readonly ReadOnlySpan<byte> Written => _buffer[.._length];

    public void Append(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_buffer[_length..]);
        _length += bytes.Length;
    }

    public void Integer(long value)
    {
        System.Buffers.Text.Utf8Formatter.TryFormat(value, _buffer[_length..], out var written);
        _length += written;
    }

    public void Hundredths(long hundredths) => _length += SyntheticGenerator.FormatHundredths(_buffer[_length..], hundredths);
}

/// <summary>The product cores of one cart's lines (at most six), without an array per cart.</summary>
[System.Runtime.CompilerServices.InlineArray(6)]
internal struct SixProductCores
{
    private ProductCore _first;
}
