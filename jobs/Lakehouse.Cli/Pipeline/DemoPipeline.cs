using Lakehouse.Common.Configuration;

namespace Lakehouse.Cli.Pipeline;

/// <summary>
/// The configuration of <c>lakehouse run --demo</c>: the built-in simulator's DummyJSON API as the only source, mapped
/// by the DummyJSON profile, with illustrative category cost ratios (DummyJSON has no costs; these numbers are
/// assumptions for the demo, recorded as cost_basis = category_ratio in gold, not facts).
/// </summary>
internal static class DemoPipeline
{
    public static PipelineConfig Config(Uri simulator) => new()
    {
        Sources =
        [
            new SourceConfig
            {
                Name = "dummyjson",
                Kind = SourceKind.Rest,
                Profile = "dummyjson",
                BaseUrl = simulator.ToString().TrimEnd('/'),
                Entities = [.. new[] { "products", "carts", "users" }.Select(e => new EntityConfig
                {
                    Name = e,
                    Path = "/" + e,
                    RecordsField = e,
                    Pagination = new PaginationConfig { PageSize = 100 },
                })],
            },
        ],
        Costs = new CostConfig
        {
            CategoryCostRatio = new Dictionary<string, decimal>
            {
                ["beauty"] = 0.45m, ["fragrances"] = 0.40m, ["furniture"] = 0.62m, ["groceries"] = 0.74m, ["home-decoration"] = 0.55m,
                ["kitchen-accessories"] = 0.55m, ["laptops"] = 0.81m, ["mens-shirts"] = 0.46m, ["mens-shoes"] = 0.52m, ["mens-watches"] = 0.58m,
                ["mobile-accessories"] = 0.42m, ["motorcycle"] = 0.84m, ["skin-care"] = 0.41m, ["smartphones"] = 0.79m, ["sports-accessories"] = 0.50m,
                ["sunglasses"] = 0.36m, ["tablets"] = 0.77m, ["tops"] = 0.44m, ["vehicle"] = 0.86m, ["womens-bags"] = 0.47m,
                ["womens-dresses"] = 0.45m, ["womens-jewellery"] = 0.39m, ["womens-shoes"] = 0.51m, ["womens-watches"] = 0.57m,
            },
        },
    };
}
