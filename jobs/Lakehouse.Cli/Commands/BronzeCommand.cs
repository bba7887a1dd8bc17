using System.CommandLine;
using Lakehouse.Bronze;
using Lakehouse.Cli.Output;
using Lakehouse.Common.Configuration;

namespace Lakehouse.Cli.Commands;

/// <summary><c>lakehouse bronze</c>: ingests every configured source into the lake's bronze layer.</summary>
internal static class BronzeCommand
{
    public static Command Build(CliConsole console)
    {
        var config = new Option<FileInfo>("--config", "-c") { Description = "The pipeline configuration file (see 'lakehouse init').", Required = true };
        var lake = new Option<DirectoryInfo>("--lake") { Description = "The lake directory (created if missing).", Required = true };
        var source = new Option<string?>("--source") { Description = "Only this source." };
        var entity = new Option<string?>("--entity") { Description = "Only this entity." };
        var runId = new Option<string?>("--run-id") { Description = "Reuse a run id (re-running a landed run changes nothing); new by default." };

        var command = new Command("bronze", "Ingest the configured API and file sources into the lake, raw, with a manifest per batch.")
        {
            config, lake, source, entity, runId,
        };

        // Bronze does no engine work (HTTP and files, in this process), but takes the engine options like every job, so one
        // argument list serves each task of a pipeline (e.g. Data Factory); they are checked, and Spark is never contacted.
        var engineOptions = new EngineOptions();
        engineOptions.AddTo(command);
        command.SetAction((parsed, cancellationToken) => LakehouseCli.GuardAsync(
            parsed,
            console,
            async ct =>
            {
                engineOptions.Read(parsed);
                var file = parsed.GetValue(config)!;
                var pipeline = PipelineConfigLoader.Load(file.FullName);
                var options = new BronzeJobOptions
                {
                    Lake = parsed.GetValue(lake)!.FullName,
                    ConfigDirectory = file.DirectoryName!,
                    Source = parsed.GetValue(source),
                    Entity = parsed.GetValue(entity),
                    RunId = parsed.GetValue(runId),
                };
                var result = await BronzeProgress.RunAsync(console, observer => BronzeJob.RunAsync(pipeline, options, observer, ct));
                BronzeProgress.WriteSummary(console, result);
                return result.Succeeded ? ExitCodes.Success : ExitCodes.Failure;
            },
            cancellationToken));
        return command;
    }
}
