namespace Lakehouse.Common.Schemas;

/// <summary>
/// The silver columns both built-in profiles define alike: one definition, so that the same column means the same
/// thing (name, type, expression, description) whichever API filled the table.
/// </summary>
internal static class ProfileColumns
{
    public static readonly SilverColumn ProductKey = new("product_id", "string", ProfileSql.Key("P", "r.id"), "Product key: 'P' and the source id padded to at least 6 digits (P000042).");

    public static readonly SilverColumn Title = new("title", "string", "trim(r.title)", "Product name, trimmed.");

    public static readonly SilverColumn Description = new("description", "string", "trim(r.description)", "Description, trimmed.");

    public static readonly SilverColumn Price = new("price", "decimal(12,2)", "cast(r.price as decimal(12,2))", "List price (money: decimal, never double).");

    public static readonly SilverColumn CustomerKey = new("customer_id", "string", ProfileSql.Key("C", "r.id"), "Customer key: 'C' and the source id padded to at least 6 digits.");

    public static readonly SilverColumn Email = new("email", "string", "lower(trim(r.email))", "E-mail, lower case.");

    public static readonly SilverColumn OrderKey = new("order_id", "string", ProfileSql.Key("O", "r.id"), "Order key: 'O' and the cart id padded to at least 6 digits.");

    /// <summary>An order's (or its line's) customer: the cart's userId as a customer key.</summary>
    public static readonly SilverColumn OrderCustomer = new("customer_id", "string", ProfileSql.Key("C", "r.userId"), "The customer who ordered.");

    /// <summary>An order line's order: the cart's id as an order key.</summary>
    public static readonly SilverColumn LineOrder = new("order_id", "string", ProfileSql.Key("O", "r.id"), "The order.");

    public static readonly SilverColumn LineNumber = new("line_number", "int", "line_number", "Position of the line in the order, from 1.");

    public static readonly SilverColumn Quantity = new("quantity", "int", "cast(line.quantity as int)", "Units.");

    /// <summary>The record's id in the source API; <paramref name="record"/> names it (product, user, cart).</summary>
    public static SilverColumn SourceId(string record) => new("source_id", "bigint", "cast(r.id as bigint)", $"The {record}'s id in the source API.");
}
