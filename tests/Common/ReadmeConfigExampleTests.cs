using Lakehouse.Common.Configuration;
using Lakehouse.Common.Schemas;

namespace Lakehouse.Common.Tests;

/// <summary>The README's configuration example is the first one users copy: it must load as shown.</summary>
public sealed class ReadmeConfigExampleTests
{
    [Fact]
    public void ReadmeExample_Loads_WithItsProfileAndDeclaredTable()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        var section = readme[readme.IndexOf("## The pipeline configuration", StringComparison.Ordinal)..];
        var start = section.IndexOf("```jsonc", StringComparison.Ordinal) + "```jsonc".Length;
        var example = section[start..section.IndexOf("```", start, StringComparison.Ordinal)];

        var config = PipelineConfigLoader.Parse(example, "README.md");

        config.Sources.Select(s => s.Name).Should().Equal("dummyjson", "landing");
        config.SilverTables!.Select(t => DeclaredTables.ToEntity(t).Table).Should().Equal("stores");
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Lakehouse.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No Lakehouse.slnx above '{AppContext.BaseDirectory}'.");
    }
}
