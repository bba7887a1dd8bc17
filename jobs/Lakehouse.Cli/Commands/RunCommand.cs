using System.CommandLine;
using Lakehouse.ApiSimulator;
using Lakehouse.Bronze;
using Lakehouse.Cli.Pipeline;
using Lakehouse.Common.Configuration;

namespace Lakehouse.Cli.Commands;

/// <summary><c>lakehouse run|silver|gold</c>: the jobs, alone or chained, and the one-command demo.</summary>
internal static class RunCommand
{
    public static IEnumerable<Command> Build(CliConsole console)
    {
        yield return Job(console, "run", "Run bronze, then silver, then gold with one run id (or the whole demo with --demo).", bronze: true, silver: true, gold: true, demo: true);
        yield return Job(console, "silver", "Apply new bronze batches to the silver Delta tables: clean, check, quarantine, upsert (exactly once).", bronze: false, silver: true, gold: false, demo: false);
        yield return Job(console, "gold", "Rebuild the gold Delta tables (category sales, profit, daily sales, customers, products) from silver.", bronze: false, silver: false, gold: true, demo: false);
    }

    private static Command Job(CliConsole console, string name, string description, bool bronze, bool silver, bool gold, bool demo)
    {
        var config = new Option<FileInfo?>("--config", "-c") { Description = "The pipeline configuration file (see 'lakehouse init')." };
        var lake = new Option<DirectoryInfo?>("--lake") { Description = "The lake directory (created if missing); 'lake' for the demo." };
        var runId = new Option<string?>("--run-id") { Description = "The run id (new by default)." };
        var command = new Command(name, description) { config, lake, runId };
        var engineOptions = new EngineOptions();
        if (silver || gold)
        {
            engineOptions.AddTo(command);
        }
        var demoFlag = new Option<bool>("--demo") { Description = "Start the built-in API simulator on a free loopback port and run everything against it." };
        var scale = new Option<int>("--scale") { Description = "Demo data size: 208 carts and users times this.", DefaultValueFactory = _ => 1 };
        if (demo)
        {
            command.Options.Add(demoFlag);
            command.Options.Add(scale);
        }

        command.SetAction((parsed, cancellationToken) => LakehouseCli.GuardAsync(
            parsed,
            console,
            async ct =>
            {
                var time = TimeProvider.System;
                var id = parsed.GetValue(runId) ?? BronzeJob.NewRunId(time);
                var runner = new PipelineRunner(console, time, silver || gold ? engineOptions.Read(parsed) : EngineChoice.Embedded);
                if (demo && parsed.GetValue(demoFlag))
                {
                    var lakeDirectory = parsed.GetValue(lake)?.FullName ?? Path.GetFullPath("lake");
                    var factor = parsed.GetValue(scale);
                    if (factor < 1)
                    {
                        throw new ArgumentException("--scale must be at least 1.");
                    }

                    await using var simulator = await EcommerceApiSimulator.StartAsync(new SimulatorOptions { Carts = 208 * factor, Users = 208 * factor }, ct);
                    await console.Error.WriteLineAsync($"demo: API simulator on {simulator.BaseAddress}, lake {lakeDirectory}");
                    return await runner.RunAsync(DemoPipeline.Config(simulator.BaseAddress), Directory.GetCurrentDirectory(), lakeDirectory, id, bronze, silver, gold, ct);
                }

                var file = parsed.GetValue(config) ?? throw new ArgumentException($"Give the pipeline configuration with --config (or run 'lakehouse run --demo').");
                var lakePath = parsed.GetValue(lake)?.FullName ?? throw new ArgumentException("Give the lake directory with --lake.");
                var pipeline = PipelineConfigLoader.Load(file.FullName);
                return await runner.RunAsync(pipeline, file.DirectoryName!, lakePath, id, bronze, silver, gold, ct);
            },
            cancellationToken));
        return command;
    }
}
