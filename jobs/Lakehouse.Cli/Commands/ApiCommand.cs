using System.CommandLine;
using Lakehouse.ApiSimulator;

namespace Lakehouse.Cli.Commands;

/// <summary><c>lakehouse api serve</c>: the built-in simulator of the DummyJSON e-commerce API.</summary>
internal static class ApiCommand
{
    public static Command Build(CliConsole console)
    {
        var port = new Option<int>("--port") { Description = "The loopback port to listen on (0 picks a free one).", DefaultValueFactory = _ => 5055 };
        var products = new Option<int>("--products") { Description = "Synthetic products.", DefaultValueFactory = _ => 194 };
        var carts = new Option<int>("--carts") { Description = "Synthetic carts.", DefaultValueFactory = _ => 208 };
        var users = new Option<int>("--users") { Description = "Synthetic users.", DefaultValueFactory = _ => 208 };
        var seed = new Option<long>("--seed") { Description = "Seed of the synthetic data (same seed, same bytes).", DefaultValueFactory = _ => 42 };
        var dataDir = new Option<DirectoryInfo?>("--data-dir") { Description = "Serve real DummyJSON files (products.json, carts.json, users.json) from this folder instead." };
        var errorRate = new Option<double>("--error-rate") { Description = "Fraction of requests answered 503 (0 to 1)." };
        var rateLimitRate = new Option<double>("--rate-limit-rate") { Description = "Fraction of requests answered 429 with Retry-After (0 to 1)." };
        var retryAfter = new Option<int>("--retry-after") { Description = "Seconds in the Retry-After header of 429 answers.", DefaultValueFactory = _ => 1 };
        var latency = new Option<int>("--latency-ms") { Description = "Delay before every answer, in milliseconds." };
        var resetRate = new Option<double>("--reset-rate") { Description = "Fraction of answers cut by a connection reset mid-body (0 to 1)." };
        var truncateRate = new Option<double>("--truncate-rate") { Description = "Fraction of answers whose body is truncated (0 to 1)." };
        var driftAfter = new Option<int?>("--total-drift-after") { Description = "After this many requests, list endpoints report a larger total." };

        var serve = new Command("serve", "Serve the DummyJSON e-commerce API on loopback until Ctrl+C.")
        {
            port, products, carts, users, seed, dataDir, errorRate, rateLimitRate, retryAfter, latency, resetRate, truncateRate, driftAfter,
        };
        serve.SetAction((parsed, cancellationToken) => LakehouseCli.GuardAsync(
            parsed,
            console,
            async ct =>
            {
                var faults = new FaultOptions
                {
                    ServerErrors = new FaultTrigger(Rate: parsed.GetValue(errorRate)),
                    RateLimit = new FaultTrigger(Rate: parsed.GetValue(rateLimitRate)),
                    RetryAfter = TimeSpan.FromSeconds(parsed.GetValue(retryAfter)),
                    Latency = TimeSpan.FromMilliseconds(parsed.GetValue(latency)),
                    ConnectionReset = new FaultTrigger(Rate: parsed.GetValue(resetRate)),
                    Truncation = new FaultTrigger(Rate: parsed.GetValue(truncateRate)),
                    TotalDriftAfterRequests = parsed.GetValue(driftAfter),
                };
                var options = new SimulatorOptions
                {
                    Port = parsed.GetValue(port),
                    Products = parsed.GetValue(products),
                    Carts = parsed.GetValue(carts),
                    Users = parsed.GetValue(users),
                    Seed = parsed.GetValue(seed),
                    DataDirectory = parsed.GetValue(dataDir)?.FullName,
                    Faults = [faults],
                };
                await EcommerceApiSimulator.RunUntilCancelledAsync(options, console.Error, ct);
            },
            cancellationToken,
            cancelledIsSuccess: true));

        return new Command("api", "The built-in e-commerce API simulator.") { serve };
    }
}
