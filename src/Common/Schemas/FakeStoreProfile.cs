namespace Lakehouse.Common.Schemas;

/// <summary>
/// The Fake Store API (fakestoreapi.com) mapped onto the same silver tables as <see cref="DummyJsonProfile"/>, with the same
/// column names and types: products, customers (users), orders (carts) and order lines (cart products). Its responses are
/// bare arrays (bronze pagination <c>none</c>). Where Fake Store has no value for a column (brand, sku, stock, discounts,
/// gender, age, country...), the column is NULL: nothing is invented.
/// </summary>
/// <remarks>
/// Cart lines carry only <c>productId</c> and <c>quantity</c>, so silver order_lines keep <c>unit_price</c>,
/// <c>gross_amount</c> and <c>net_amount</c> NULL, as the source has them; gold prices such lines at the product's current
/// price (recorded as <c>price_basis = product_price</c>). An order's date is the date part of the cart's <c>date</c>
/// (an ISO 8601 timestamp in UTC). Category names become slugs as DummyJSON writes them: lower case, apostrophes
/// removed, every other run of non-alphanumerics a single '-' ("men's clothing" → "mens-clothing").
/// </remarks>
public static class FakeStoreProfile
{
    /// <summary>The profile's name in the configuration.</summary>
    public const string Name = "fakestore";

    /// <summary>Fake Store's four categories as slugs (the known categories).</summary>
    public static readonly IReadOnlyList<string> Categories = ["electronics", "jewelery", "mens-clothing", "womens-clothing"];

    /// <summary>A category as the source writes it (e.g. <c>men's clothing</c>) as a slug (<c>mens-clothing</c>).</summary>
    internal const string CategorySlug = "regexp_replace(regexp_replace(lower(trim(r.category)), \"['\u2019]\", ''), '[^a-z0-9]+', '-')";

    /// <summary>The silver tables this profile builds from a source named <paramref name="source"/>.</summary>
    public static IReadOnlyList<SilverEntity> Entities(string source) => [Products(source), Customers(source), Orders(source), OrderLines(source)];

    /// <summary>products: one row per product, its current state (SCD 1), with price history (SCD 2).</summary>
    public static SilverEntity Products(string source) => new()
    {
        Table = "products",
        Source = source,
        Entity = "products",
        RawSchema = "struct<id:string,title:string,price:string,description:string,category:string,rating:struct<rate:string,count:string>>",
        DroppedFields = ["image", "__v"],
        Columns =
        [
            ProfileColumns.ProductKey,
            ProfileColumns.SourceId("product"),
            ProfileColumns.Title,
            ProfileColumns.Description,
            new("category", "string", CategorySlug, "Category slug (men's clothing becomes mens-clothing)."),
            new("category_name", "string", $"initcap(regexp_replace({CategorySlug}, '-', ' '))", "Category display name (e.g. Mens Clothing)."),
            new("brand", "string", "cast(null as string)", "Brand: Fake Store has none (NULL)."),
            new("sku", "string", "cast(null as string)", "Stock-keeping unit: Fake Store has none (NULL)."),
            ProfileColumns.Price,
            new("discount_percent", "decimal(5,2)", "cast(null as decimal(5,2))", "Advertised discount: Fake Store has none (NULL)."),
            new("rating", "double", "cast(r.rating.rate as double)", "Average customer rating (rating.rate)."),
            new("stock", "int", "cast(null as int)", "Units in stock: Fake Store has none (NULL)."),
            new("availability_status", "string", "cast(null as string)", "Availability: Fake Store has none (NULL)."),
            new("cost", "decimal(12,2)", "cast(null as decimal(12,2))", "Unit cost: Fake Store has none (gold takes it from the cost table)."),
        ],
        BusinessKey = ["product_id"],
        Rules =
        [
            ProfileRules.IdIsInteger,
            ProfileRules.TitlePresent,
            ProfileRules.PricePresent,
            ProfileRules.PriceNonNegative,
            ProfileRules.KnownCategory(Categories),
            new("rating_in_range", "rating is null or rating between 0 and 5", RuleSeverity.Warn, "the rating is outside 0..5"),
        ],
        HistoryTable = "product_price_history",
        HistoryColumns = ["price", "discount_percent"],
    };

    /// <summary>customers: one row per user, without username, password or geolocation.</summary>
    public static SilverEntity Customers(string source) => new()
    {
        Table = "customers",
        Source = source,
        Entity = "users",
        // address.geolocation, street and number are left out of the parsed address, so they never reach silver.
        RawSchema = "struct<id:string,email:string,name:struct<firstname:string,lastname:string>,address:struct<city:string,zipcode:string>,phone:string>",
        DroppedFields = ["username", "password", "__v"],
        Columns =
        [
            ProfileColumns.CustomerKey,
            ProfileColumns.SourceId("user"),
            new("first_name", "string", "initcap(trim(r.name.firstname))", "First name (Fake Store writes names in lower case)."),
            new("last_name", "string", "initcap(trim(r.name.lastname))", "Last name."),
            ProfileColumns.Email,
            new("gender", "string", "cast(null as string)", "Gender: Fake Store has none (NULL)."),
            new("age", "int", "cast(null as int)", "Age: Fake Store has none (NULL)."),
            new("birth_date", "date", "cast(null as date)", "Date of birth: Fake Store has none (NULL)."),
            new("city", "string", "initcap(trim(r.address.city))", "City."),
            new("state", "string", "cast(null as string)", "State: Fake Store has none (NULL)."),
            new("postal_code", "string", "lpad(trim(r.address.zipcode), greatest(5, length(trim(r.address.zipcode))), '0')", "Postal code, padded to at least 5 digits (ZIP+4 kept whole)."),
            new("country", "string", "cast(null as string)", "Country: Fake Store has none (NULL)."),
            new("role", "string", "cast(null as string)", "Role: Fake Store has none (NULL)."),
        ],
        BusinessKey = ["customer_id"],
        Rules =
        [
            ProfileRules.IdIsInteger,
            ProfileRules.EmailPresent,
        ],
    };

    /// <summary>orders: one row per cart. Fake Store carts carry no totals, so units and amounts are NULL (gold sums the lines).</summary>
    public static SilverEntity Orders(string source) => new()
    {
        Table = "orders",
        Source = source,
        Entity = "carts",
        RawSchema = CartSchema,
        DroppedFields = ["__v"],
        Columns =
        [
            ProfileColumns.OrderKey,
            ProfileColumns.SourceId("cart"),
            ProfileColumns.OrderCustomer,
            new("order_date", "date", OrderDate, "The date part of the cart's date (UTC)."),
            new("line_count", "int", "size(r.products)", "Lines in the cart."),
            new("units", "int", "cast(null as int)", "Units ordered: Fake Store carts carry no total (NULL; sum order_lines.quantity)."),
            new("gross_amount", "decimal(12,2)", "cast(null as decimal(12,2))", "Fake Store carts carry no amounts (NULL; gold prices the lines)."),
            new("net_amount", "decimal(12,2)", "cast(null as decimal(12,2))", "Fake Store carts carry no amounts (NULL; gold prices the lines)."),
        ],
        BusinessKey = ["order_id"],
        Rules =
        [
            ProfileRules.IdIsInteger,
            ProfileRules.CustomerPresent,
            new("order_date_present", "order_date is not null", RuleSeverity.Drop, "the cart's date is missing or not a date"),
        ],
    };

    /// <summary>order_lines: one row per product in a cart; without prices (the source has none).</summary>
    public static SilverEntity OrderLines(string source) => new()
    {
        Table = "order_lines",
        Source = source,
        Entity = "carts",
        RawSchema = CartSchema,
        DroppedFields = ["__v"],
        ExplodeField = "products",
        Columns =
        [
            ProfileColumns.LineOrder,
            ProfileColumns.LineNumber,
            new("product_id", "string", ProfileSql.Key("P", "line.productId"), "The product."),
            ProfileColumns.OrderCustomer,
            new("order_date", "date", OrderDate, "The order's date (see orders.order_date)."),
            new("title", "string", "cast(null as string)", "Fake Store lines carry no title (NULL; the product's title is in products)."),
            new("unit_price", "decimal(12,2)", "cast(null as decimal(12,2))", "Fake Store lines carry no price (NULL; gold uses the product's current price)."),
            ProfileColumns.Quantity,
            new("gross_amount", "decimal(12,2)", "cast(null as decimal(12,2))", "NULL: the source has no price (see unit_price)."),
            new("discount_percent", "decimal(5,2)", "cast(null as decimal(5,2))", "NULL: the source has no discounts."),
            new("net_amount", "decimal(12,2)", "cast(null as decimal(12,2))", "NULL: the source has no price (see unit_price)."),
        ],
        BusinessKey = ["order_id", "line_number"],
        Rules =
        [
            ProfileRules.ProductPresent,
            ProfileRules.ProductExists,
            ProfileRules.QuantityPositive,
            new("order_date_present", "order_date is not null", RuleSeverity.Drop, "the cart's date is missing or not a date"),
        ],
    };

    private const string OrderDate = "to_date(substring(trim(r.date), 1, 10), 'yyyy-MM-dd')";

    private const string CartSchema = "struct<id:string,userId:string,date:string,products:array<struct<productId:string,quantity:string>>>";
}
