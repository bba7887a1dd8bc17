namespace Lakehouse.Common.Schemas;

/// <summary>
/// The DummyJSON e-commerce API (dummyjson.com) mapped onto the silver schema: products, customers (users),
/// orders (carts) and order lines (cart products). Carts carry no date, so an order's date is the ingest date
/// of the batch that first landed it.
/// </summary>
public static class DummyJsonProfile
{
    /// <summary>DummyJSON's 24 category slugs (the known categories).</summary>
    public static readonly IReadOnlyList<string> Categories =
    [
        "beauty", "fragrances", "furniture", "groceries", "home-decoration", "kitchen-accessories", "laptops", "mens-shirts",
        "mens-shoes", "mens-watches", "mobile-accessories", "motorcycle", "skin-care", "smartphones", "sports-accessories",
        "sunglasses", "tablets", "tops", "vehicle", "womens-bags", "womens-dresses", "womens-jewellery", "womens-shoes", "womens-watches",
    ];

    /// <summary>The silver tables this profile builds from a source named <paramref name="source"/>.</summary>
    public static IReadOnlyList<SilverEntity> Entities(string source) => [Products(source), Customers(source), Orders(source), OrderLines(source)];

    /// <summary>products: one row per product, its current state (SCD 1), with price history (SCD 2).</summary>
    public static SilverEntity Products(string source) => new()
    {
        Table = "products",
        Source = source,
        Entity = "products",
        RawSchema = "struct<id:string,title:string,description:string,category:string,price:string,discountPercentage:string,rating:string,stock:string,brand:string,sku:string,availabilityStatus:string,minimumOrderQuantity:string>",
        DroppedFields = ["images", "thumbnail", "meta", "reviews", "tags", "weight", "dimensions", "warrantyInformation", "shippingInformation", "returnPolicy"],
        Columns =
        [
            ProfileColumns.ProductKey,
            ProfileColumns.SourceId("product"),
            ProfileColumns.Title,
            ProfileColumns.Description,
            new("category", "string", "lower(trim(r.category))", "Category slug, lower case (e.g. mens-shirts)."),
            new("category_name", "string", "initcap(regexp_replace(lower(trim(r.category)), '-', ' '))", "Category display name (e.g. Mens Shirts)."),
            new("brand", "string", "case when trim(r.brand) = '' then null else trim(r.brand) end", "Brand; NULL when the source has none."),
            new("sku", "string", "upper(trim(r.sku))", "Stock-keeping unit, upper case."),
            ProfileColumns.Price,
            new("discount_percent", "decimal(5,2)", "cast(r.discountPercentage as decimal(5,2))", "Advertised discount, 0-100."),
            new("rating", "double", "cast(r.rating as double)", "Average customer rating."),
            new("stock", "int", "cast(r.stock as int)", "Units in stock."),
            new("availability_status", "string", "trim(r.availabilityStatus)", "In Stock, Low Stock or Out of Stock."),
            new("cost", "decimal(12,2)", "cast(null as decimal(12,2))", "Unit cost: DummyJSON has none (gold takes it from the cost table)."),
        ],
        BusinessKey = ["product_id"],
        Rules =
        [
            ProfileRules.IdIsInteger,
            ProfileRules.TitlePresent,
            ProfileRules.PricePresent,
            ProfileRules.PriceNonNegative,
            new("discount_in_range", "discount_percent is null or discount_percent between 0 and 100", RuleSeverity.Drop, "the discount is outside 0..100"),
            ProfileRules.KnownCategory(Categories),
            new("stock_non_negative", "stock is null or stock >= 0", RuleSeverity.Warn, "the stock is negative"),
        ],
        HistoryTable = "product_price_history",
        HistoryColumns = ["price", "discount_percent"],
    };

    /// <summary>customers: one row per user, without credentials, identity numbers, card or bank data.</summary>
    public static SilverEntity Customers(string source) => new()
    {
        Table = "customers",
        Source = source,
        Entity = "users",
        RawSchema = "struct<id:string,firstName:string,lastName:string,age:string,gender:string,email:string,phone:string,birthDate:string,address:struct<city:string,state:string,stateCode:string,postalCode:string,country:string>,role:string>",
        DroppedFields = ["maidenName", "username", "password", "ssn", "ein", "bank", "crypto", "ip", "macAddress", "userAgent", "image", "hair", "eyeColor", "height", "weight", "bloodGroup", "university", "company"],
        Columns =
        [
            ProfileColumns.CustomerKey,
            ProfileColumns.SourceId("user"),
            new("first_name", "string", "trim(r.firstName)", "First name."),
            new("last_name", "string", "trim(r.lastName)", "Last name."),
            ProfileColumns.Email,
            new("gender", "string", "lower(trim(r.gender))", "Gender as the source states it."),
            new("age", "int", "cast(r.age as int)", "Age in years."),
            new("birth_date", "date", "to_date(r.birthDate, 'yyyy-M-d')", "Date of birth."),
            new("city", "string", "trim(r.address.city)", "City."),
            new("state", "string", "trim(r.address.state)", "State."),
            new("postal_code", "string", "lpad(trim(r.address.postalCode), greatest(5, length(trim(r.address.postalCode))), '0')", "Postal code, padded to at least 5 digits."),
            new("country", "string", "trim(r.address.country)", "Country."),
            new("role", "string", "lower(trim(r.role))", "user, moderator or admin."),
        ],
        BusinessKey = ["customer_id"],
        Rules =
        [
            ProfileRules.IdIsInteger,
            ProfileRules.EmailPresent,
            new("age_plausible", "age is null or age between 0 and 130", RuleSeverity.Warn, "the age is outside 0..130"),
        ],
    };

    /// <summary>orders: one row per cart.</summary>
    public static SilverEntity Orders(string source) => new()
    {
        Table = "orders",
        Source = source,
        Entity = "carts",
        RawSchema = CartSchema,
        Columns =
        [
            ProfileColumns.OrderKey,
            ProfileColumns.SourceId("cart"),
            ProfileColumns.OrderCustomer,
            new("order_date", "date", "_ingest_date", "DummyJSON carts carry no date: the ingest date of the batch that first landed the order."),
            new("line_count", "int", "cast(r.totalProducts as int)", "Distinct products in the order."),
            new("units", "int", "cast(r.totalQuantity as int)", "Units ordered."),
            new("gross_amount", "decimal(12,2)", "cast(r.total as decimal(12,2))", "Sum of line totals before discounts."),
            new("net_amount", "decimal(12,2)", "cast(r.discountedTotal as decimal(12,2))", "Amount after discounts."),
        ],
        BusinessKey = ["order_id"],
        Rules =
        [
            ProfileRules.IdIsInteger,
            ProfileRules.CustomerPresent,
            new("amounts_non_negative", "gross_amount >= 0 and net_amount >= 0", RuleSeverity.Drop, "an amount is missing or negative"),
            new("discount_not_above_gross", "net_amount <= gross_amount + 0.01", RuleSeverity.Warn, "the net amount exceeds the gross amount"),
        ],
    };

    /// <summary>order_lines: one row per product in a cart.</summary>
    public static SilverEntity OrderLines(string source) => new()
    {
        Table = "order_lines",
        Source = source,
        Entity = "carts",
        RawSchema = CartSchema,
        ExplodeField = "products",
        Columns =
        [
            ProfileColumns.LineOrder,
            ProfileColumns.LineNumber,
            new("product_id", "string", ProfileSql.Key("P", "line.id"), "The product."),
            ProfileColumns.OrderCustomer,
            new("order_date", "date", "_ingest_date", "The order's date (see orders.order_date)."),
            new("title", "string", "trim(line.title)", "Product name at the time of the order."),
            new("unit_price", "decimal(12,2)", "cast(line.price as decimal(12,2))", "Price per unit."),
            ProfileColumns.Quantity,
            new("gross_amount", "decimal(12,2)", "cast(line.total as decimal(12,2))", "unit_price x quantity."),
            new("discount_percent", "decimal(5,2)", "cast(line.discountPercentage as decimal(5,2))", "Discount applied to the line."),
            new("net_amount", "decimal(12,2)", "cast(line.discountedTotal as decimal(12,2))", "Amount after the discount."),
        ],
        BusinessKey = ["order_id", "line_number"],
        Rules =
        [
            ProfileRules.ProductPresent,
            ProfileRules.ProductExists,
            ProfileRules.QuantityPositive,
            new("price_non_negative", "unit_price >= 0", RuleSeverity.Drop, "the unit price is missing or negative"),
            new("discount_in_range", "discount_percent is null or discount_percent between 0 and 100", RuleSeverity.Drop, "the discount is outside 0..100"),
            new("line_total_reconciles", "abs(gross_amount - unit_price * quantity) <= 0.01", RuleSeverity.Warn, "gross_amount differs from unit_price x quantity by more than a cent"),
        ],
    };

    private const string CartSchema =
        "struct<id:string,userId:string,total:string,discountedTotal:string,totalProducts:string,totalQuantity:string," +
        "products:array<struct<id:string,title:string,price:string,quantity:string,total:string,discountPercentage:string,discountedTotal:string>>>";
}
