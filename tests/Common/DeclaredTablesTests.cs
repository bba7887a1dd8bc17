using Lakehouse.Common.Configuration;
using Lakehouse.Common.Schemas;

namespace Lakehouse.Common.Tests;

/// <summary>Declared silver tables and source profiles in the configuration: each mistake gives one clear problem.</summary>
public sealed class DeclaredTablesTests
{
    /// <summary>A valid configuration with one declared table; <paramref name="table"/> replaces its declaration.</summary>
    private static string Config(string? table = null, string profile = "\"profile\": \"dummyjson\",", string extraTables = "") => $$"""
        {
          "sources": [
            { "name": "shop", "kind": "rest", "baseUrl": "http://127.0.0.1:1", {{profile}}
              "entities": [ { "name": "products", "path": "/products", "recordsField": "products" } ] },
            { "name": "landing", "kind": "files",
              "entities": [ { "name": "stores", "location": "landing/*.ndjson", "format": "ndjson" } ] }
          ],
          "silverTables": [
            {{table ?? ValidTable}}
            {{extraTables}}
          ]
        }
        """;

    private const string ValidTable = """
        {
          "name": "stores", "source": "landing", "entity": "stores",
          "droppedFields": [ "manager_phone" ],
          "columns": [
            { "name": "store_id", "type": "string", "expression": "concat('S', lpad(r.id, 4, '0'))", "description": "Store key." },
            { "name": "city", "type": "string", "expression": "trim(r.address.city)" },
            { "name": "area_m2", "type": "decimal(8, 2)", "expression": "cast(r.`area m2` as decimal(8,2))" }
          ],
          "businessKey": [ "store_id" ],
          "rules": [ { "name": "area_non_negative", "condition": "area_m2 >= 0", "severity": "drop", "reason": "the area is negative" } ]
        }
        """;

    private static string Problem(string json)
    {
        var act = () => PipelineConfigLoader.Parse(json, "pipeline.json");
        return act.Should().Throw<ConfigurationException>().Which.Message;
    }

    [Fact]
    public void ValidDeclaration_BecomesAnEntityWithADerivedRawSchema()
    {
        var config = PipelineConfigLoader.Parse(Config(), "pipeline.json");

        var entity = DeclaredTables.ToEntity(config.SilverTables!.Single());

        entity.Table.Should().Be("stores");
        entity.Source.Should().Be("landing");
        entity.Entity.Should().Be("stores");
        entity.RawSchema.Should().Be("struct<id:string,address:struct<city:string>,`area m2`:string>");
        entity.Columns.Select(c => c.Type).Should().Equal("string", "string", "decimal(8,2)");
        entity.Columns[0].Description.Should().Be("Store key.");
        entity.BusinessKey.Should().Equal("store_id");
        entity.DroppedFields.Should().Equal("manager_phone");
        entity.Rules.Single().Should().Be(new QualityRule("area_non_negative", "area_m2 >= 0", RuleSeverity.Drop, "the area is negative"));
    }

    [Fact]
    public void RawSchema_WithAnExplodeField_TypesItsElementsFromLineFields()
    {
        var (schema, error) = RawSchemaDerivation.Derive(
            ["concat('O', r.id)", "cast(line.qty as int)", "line.sku", "size(r.items)", "'r.not_a_field'", "upper(r.customer.name)"],
            "items");

        error.Should().BeNull();
        schema.Should().Be("struct<id:string,items:array<struct<qty:string,sku:string>>,customer:struct<name:string>>");
    }

    [Fact]
    public void RawSchema_DeclaredExplicitly_IsKept()
    {
        var table = ValidTable.Replace("\"droppedFields\"", "\"rawSchema\": \"struct<id:string,address:struct<city:string>,`area m2`:string,extra:string>\", \"droppedFields\"", StringComparison.Ordinal);

        var entity = DeclaredTables.ToEntity(PipelineConfigLoader.Parse(Config(table), "p").SilverTables!.Single());

        entity.RawSchema.Should().EndWith("extra:string>");
    }

    [Fact]
    public void UnknownType_NamesTheTableColumnAndTheTypesToUse()
    {
        var message = Problem(Config(ValidTable.Replace("\"decimal(8, 2)\"", "\"varchar\"", StringComparison.Ordinal)));

        message.Should().Contain("$.silverTables[0].columns[2].type: table 'stores', column 'area_m2': 'varchar' is not a supported type; use string, boolean");
    }

    [Fact]
    public void EmptyBusinessKey_IsRefused()
    {
        var message = Problem(Config(ValidTable.Replace("[ \"store_id\" ]", "[ ]", StringComparison.Ordinal)));

        message.Should().Contain("$.silverTables[0].businessKey: table 'stores' has an empty business key");
    }

    [Fact]
    public void KeyColumnNotAmongTheColumns_IsRefused()
    {
        var message = Problem(Config(ValidTable.Replace("[ \"store_id\" ]", "[ \"store_id\", \"shop_id\" ]", StringComparison.Ordinal)));

        message.Should().Contain("$.silverTables[0].businessKey[1]: table 'stores': key column 'shop_id' is not among its columns (store_id, city, area_m2)");
    }

    /// <summary>A second declared table, store_sales, whose store must exist in <paramref name="target"/> (after stores).</summary>
    private static string SalesTable(string target = "stores.store_id", string column = "store_id", string condition = "") => $$"""
        , {
          "name": "store_sales", "source": "landing", "entity": "stores",
          "columns": [
            { "name": "sale_id", "type": "string", "expression": "r.sale" },
            { "name": "store_id", "type": "string", "expression": "concat('S', lpad(r.id, 4, '0'))" },
            { "name": "product_id", "type": "string", "expression": "concat('P', r.product)" }
          ],
          "businessKey": [ "sale_id" ],
          "rules": [ { "name": "store_exists", {{condition}} "exists": { "column": "{{column}}", "in": "{{target}}" }, "severity": "warn", "reason": "unknown store" } ]
        }
        """;

    [Fact]
    public void ExistsRule_OnATableBuiltBefore_BecomesAReferentialRule()
    {
        var config = PipelineConfigLoader.Parse(Config(extraTables: SalesTable() + SalesTable("products.product_id", "product_id").Replace("store_sales", "product_sales", StringComparison.Ordinal)), "p");

        var rule = DeclaredTables.ToEntity(config.SilverTables![1]).Rules.Single();
        var onProfileTable = DeclaredTables.ToEntity(config.SilverTables[2]).Rules.Single();

        rule.Reference.Should().Be(new RuleReference("store_id", "stores", "store_id"));
        rule.Should().Be(QualityRule.Exists("store_exists", "store_id", "stores", "store_id", RuleSeverity.Warn, "unknown store"));
        onProfileTable.Reference.Should().Be(new RuleReference("product_id", "products", "product_id"), "the dummyjson profile builds products first");
    }

    [Theory]
    [InlineData("store_sales.sale_id", "store_id", "", "$.silverTables[1].rules[0].exists.in: table 'store_sales', rule 'store_exists': 'store_sales' is not a silver table built before this one")]
    [InlineData("stores.shop_id", "store_id", "", "$.silverTables[1].rules[0].exists.in: table 'store_sales', rule 'store_exists': silver table 'stores' has no column 'shop_id' (store_id, city, area_m2)")]
    [InlineData("stores", "store_id", "", "$.silverTables[1].rules[0].exists.in: table 'store_sales', rule 'store_exists': 'stores' is not table.column")]
    [InlineData("stores.store_id", "shop", "", "$.silverTables[1].rules[0].exists.column: table 'store_sales', rule 'store_exists': 'shop' is not one of the table's columns (sale_id, store_id, product_id)")]
    [InlineData("stores.store_id", "store_id", "\"condition\": \"true\",", "$.silverTables[1].rules[0].condition: table 'store_sales', rule 'store_exists' has both a condition and \"exists\"; keep one")]
    public void ExistsRule_Mistakes_AreNamed(string target, string column, string condition, string expected)
    {
        var message = Problem(Config(extraTables: SalesTable(target, column, condition)));

        message.Should().Contain(expected);
    }

    [Fact]
    public void BadSeverity_SaysWhichSeveritiesExist()
    {
        var message = Problem(Config(ValidTable.Replace("\"severity\": \"drop\"", "\"severity\": \"error\"", StringComparison.Ordinal)));

        message.Should().Contain("$.silverTables[0].rules[0].severity: table 'stores', rule 'area_non_negative': 'error' is not a severity; use warn (keep and count), drop (quarantine) or fail (abort the batch)");
    }

    [Theory]
    [InlineData("../stores")]
    [InlineData("store list")]
    [InlineData("")]
    public void TableNameThatIsNotALakeName_IsRefused(string name)
    {
        var message = Problem(Config(ValidTable.Replace("\"name\": \"stores\"", $"\"name\": \"{name}\"", StringComparison.Ordinal)));

        message.Should().Contain("$.silverTables[0].name: ").And.Contain("a letter or digit followed by letters, digits, '_' or '-'");
    }

    [Fact]
    public void DuplicateTableNames_AreRefused()
    {
        var message = Problem(Config(extraTables: "," + ValidTable));

        message.Should().Contain("$.silverTables[1].name: table 'stores' is declared more than once");
    }

    [Fact]
    public void TableOfTheChosenProfile_CannotBeDeclaredAgain()
    {
        var message = Problem(Config(ValidTable.Replace("\"name\": \"stores\"", "\"name\": \"product_price_history\"", StringComparison.Ordinal)));

        message.Should().Contain("$.silverTables[0].name: table 'product_price_history' is already built by the 'dummyjson' profile of source 'shop'");
    }

    [Fact]
    public void TablesThePipelineWritesItself_CannotBeDeclared()
    {
        var message = Problem(Config(ValidTable.Replace("\"name\": \"stores\"", "\"name\": \"quarantine\"", StringComparison.Ordinal)));

        message.Should().Contain("$.silverTables[0].name: table 'quarantine' is a silver table the pipeline writes itself");
    }

    [Fact]
    public void ATableGoldReads_WithoutAProfileBuildingIt_MustHaveGoldsColumns()
    {
        var message = Problem(Config(ValidTable.Replace("\"name\": \"stores\"", "\"name\": \"products\"", StringComparison.Ordinal), profile: string.Empty));

        message.Should().Contain("$.silverTables[0].columns: table 'products' is one gold reads").And.Contain("missing: product_id, title, category, category_name, price, cost");
    }

    [Fact]
    public void UnknownSourceOrEntity_IsNamed()
    {
        Problem(Config(ValidTable.Replace("\"source\": \"landing\"", "\"source\": \"lnding\"", StringComparison.Ordinal)))
            .Should().Contain("$.silverTables[0].source: table 'stores' reads source 'lnding', which is not configured; sources: shop, landing");
        Problem(Config(ValidTable.Replace("\"entity\": \"stores\"", "\"entity\": \"shops\"", StringComparison.Ordinal)))
            .Should().Contain("$.silverTables[0].entity: table 'stores' reads 'landing/shops', but 'landing' has no entity 'shops'; its entities: stores");
    }

    [Fact]
    public void ColumnAndRuleMistakes_AreEachNamed()
    {
        var table = ValidTable
            .Replace("\"name\": \"city\"", "\"name\": \"_city\"", StringComparison.Ordinal)
            .Replace("\"expression\": \"trim(r.address.city)\"", "\"expression\": \" \"", StringComparison.Ordinal)
            .Replace("\"reason\": \"the area is negative\"", "\"reason\": \"\"", StringComparison.Ordinal);

        var message = Problem(Config(table));

        message.Should().Contain("$.silverTables[0].columns[1].name: table 'stores', column '_city'")
            .And.Contain("$.silverTables[0].columns[1].expression: table 'stores', column '_city' needs a Spark SQL expression")
            .And.Contain("$.silverTables[0].rules[0].reason: table 'stores', rule 'area_non_negative' needs a reason");
    }

    [Fact]
    public void MissingTypeAndSeverity_AreCalledMissing()
    {
        var table = ValidTable
            .Replace("\"type\": \"decimal(8, 2)\", ", string.Empty, StringComparison.Ordinal)
            .Replace("\"severity\": \"drop\", ", string.Empty, StringComparison.Ordinal);

        var message = Problem(Config(table));

        message.Should().Contain("$.silverTables[0].columns[2].type: table 'stores', column 'area_m2': the type is missing; use string")
            .And.Contain("$.silverTables[0].rules[0].severity: table 'stores', rule 'area_non_negative': the severity is missing; use warn");
    }

    [Fact]
    public void LineFieldsWithoutAnExplodeField_AndDroppedFieldsInUse_AreRefused()
    {
        Problem(Config(ValidTable.Replace("trim(r.address.city)", "trim(line.city)", StringComparison.Ordinal)))
            .Should().Contain("$.silverTables[0].columns: table 'stores': an expression uses 'line.city' but the table has no explodeField");
        Problem(Config(ValidTable.Replace("\"manager_phone\"", "\"id\"", StringComparison.Ordinal)))
            .Should().Contain("$.silverTables[0].droppedFields: table 'stores': 'id' is dropped but a column uses r.id");
    }

    [Fact]
    public void FieldUsedAsValueAndAsStruct_AsksForARawSchema()
    {
        Problem(Config(ValidTable.Replace("trim(r.address.city)", "concat(r.address, r.address.city)", StringComparison.Ordinal)))
            .Should().Contain("'r.address' is used both as a value and as a struct with fields; declare rawSchema");
    }

    [Fact]
    public void Types_AreNormalisedToSparkNames()
    {
        DeclaredTables.NormaliseType(" DECIMAL(12, 2) ").Should().Be("decimal(12,2)");
        DeclaredTables.NormaliseType("decimal(10)").Should().Be("decimal(10,0)");
        DeclaredTables.NormaliseType("BigInt").Should().Be("bigint");
        DeclaredTables.NormaliseType("decimal(39,2)").Should().BeNull();
        DeclaredTables.NormaliseType("decimal(4,5)").Should().BeNull();
        DeclaredTables.NormaliseType("array<string>").Should().BeNull();
    }

    [Fact]
    public void Profile_OnTheSourceOrInProfiles_IsReadAndChecked()
    {
        var config = PipelineConfigLoader.Parse(Config(profile: "\"profile\": \"fakestore\","), "p");
        config.ProfileFor("shop").Should().Be("fakestore");
        config.ProfileFor("landing").Should().BeNull();

        Problem(Config(profile: "\"profile\": \"shopify\","))
            .Should().Contain("$.sources[0].profile: 'shopify' is not a built-in profile; use dummyjson or fakestore");
        Problem(Config().Replace("\"silverTables\"", "\"profiles\": { \"shop\": \"fakestore\" }, \"silverTables\"", StringComparison.Ordinal))
            .Should().Contain("$.profiles.shop: source 'shop' already has \"profile\": \"dummyjson\"; keep one of the two");
        Problem(Config().Replace("\"silverTables\"", "\"profiles\": { \"landing\": \"dummyjson\" }, \"silverTables\"", StringComparison.Ordinal))
            .Should().Contain("sources 'shop' and 'landing' would both build silver table 'products'");
    }

    [Fact]
    public void FakeStoreProfile_BuildsTheSameTablesWithTheSameColumnsAsDummyJson()
    {
        var fakeStore = FakeStoreProfile.Entities("fs");
        var dummyJson = DummyJsonProfile.Entities("dj");

        fakeStore.Select(e => e.Table).Should().Equal(dummyJson.Select(e => e.Table));
        foreach (var (fs, dj) in fakeStore.Zip(dummyJson))
        {
            fs.Columns.Select(c => (c.Name, c.Type)).Should().Equal(dj.Columns.Select(c => (c.Name, c.Type)), $"table {fs.Table}");
            fs.BusinessKey.Should().Equal(dj.BusinessKey);
            fs.HistoryTable.Should().Be(dj.HistoryTable);
        }

        fakeStore.Single(e => e.Table == "products").DroppedFields.Should().Contain("image");
        fakeStore.Single(e => e.Table == "customers").DroppedFields.Should().Contain(["username", "password"]);
        fakeStore.Single(e => e.Table == "customers").RawSchema.Should().NotContain("geolocation").And.NotContain("password");
    }
}
