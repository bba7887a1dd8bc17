namespace Lakehouse.Common.Schemas;

/// <summary>The quality rules the built-in profiles share: one definition, so that the same name means the same check everywhere.</summary>
internal static class ProfileRules
{
    public static readonly QualityRule IdIsInteger = new("id_is_integer", "source_id is not null", RuleSeverity.Drop, "the id is missing or not an integer");

    public static readonly QualityRule TitlePresent = new("title_present", "title is not null and title <> ''", RuleSeverity.Drop, "the title is missing or empty");

    public static readonly QualityRule PricePresent = new("price_present", "price is not null", RuleSeverity.Drop, "the price is missing or not a number");

    public static readonly QualityRule PriceNonNegative = new("price_non_negative", "price >= 0", RuleSeverity.Drop, "the price is negative");

    public static readonly QualityRule EmailPresent = new("email_present", "email is not null and email like '%@%'", RuleSeverity.Warn, "the e-mail is missing or malformed");

    public static readonly QualityRule CustomerPresent = new("customer_present", "customer_id is not null", RuleSeverity.Drop, "the order has no customer");

    public static readonly QualityRule ProductPresent = new("product_present", "product_id is not null", RuleSeverity.Drop, "the line has no product");

    public static readonly QualityRule QuantityPositive = new("quantity_positive", "quantity > 0", RuleSeverity.Drop, "the quantity is missing, zero or negative");

    /// <summary>
    /// Warn only: the sale happened, so the line is kept; gold's left join to products already reports such a line without
    /// a category.
    /// </summary>
    public static readonly QualityRule ProductExists = QualityRule.Exists("product_exists", "product_id", "products", "product_id", RuleSeverity.Warn, "the line's product is not in silver products");

    /// <summary>The category is one of <paramref name="categories"/> (the profile's own slugs).</summary>
    public static QualityRule KnownCategory(IEnumerable<string> categories) =>
        new("known_category", "category in " + ProfileSql.InList(categories), RuleSeverity.Drop, "the category is not one of the known categories");
}
