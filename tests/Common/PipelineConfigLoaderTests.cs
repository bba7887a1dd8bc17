using Lakehouse.Common.Configuration;
using Lakehouse.Common.Secrets;

namespace Lakehouse.Common.Tests;

public sealed class PipelineConfigLoaderTests
{
    [Fact]
    public void Parse_CommentedConfig_ReadsSourcesEntitiesAndDefaults()
    {
        var config = PipelineConfigLoader.Parse(
            """
            {
              // the public API
              "sources": [
                {
                  "name": "dummyjson", "kind": "rest", "baseUrl": "https://dummyjson.com",
                  "auth": { "kind": "bearer", "secret": "dummyjson-token" },
                  "entities": [
                    { "name": "products", "path": "/products", "recordsField": "products", "pagination": { "style": "offset", "pageSize": 100 } },
                  ]
                },
                { "name": "landing", "kind": "files", "entities": [ { "name": "suppliers", "location": "landing/*.csv", "format": "csv" } ] }
              ]
            }
            """,
            "test");

        config.Sources.Should().HaveCount(2);
        config.Sources[0].Auth!.Kind.Should().Be(AuthKind.Bearer);
        config.Sources[0].Http.MaxRetries.Should().Be(5);
        config.Sources[0].Entities[0].Pagination.PageSize.Should().Be(100);
        config.Sources[1].Entities[0].Format.Should().Be(FileFormat.Csv);
    }

    [Fact]
    public void Parse_UnknownField_NamesItsPath()
    {
        var act = () => PipelineConfigLoader.Parse("""{ "sources": [ { "name": "a", "kind": "rest", "baseUrl": "http://x", "entitys": [] } ] }""", "pipeline.json");

        act.Should().Throw<ConfigurationException>().WithMessage("*'pipeline.json'*entitys*");
    }

    [Fact]
    public void Parse_SeveralProblems_ListsEachWithWhereItIs()
    {
        var act = () => PipelineConfigLoader.Parse(
            """{ "sources": [ { "name": "../etc", "kind": "rest", "baseUrl": "ftp://x", "auth": { "kind": "apiKey", "secret": "k" }, "entities": [ { "name": "a/b", "path": "products" } ] } ] }""",
            "p.json");

        act.Should().Throw<ConfigurationException>()
            .WithMessage("*$.sources[0].name: '../etc'*")
            .WithMessage("*$.sources[0].baseUrl*")
            .WithMessage("*$.sources[0].auth.header*")
            .WithMessage("*$.sources[0].entities[0].name: 'a/b'*")
            .WithMessage("*$.sources[0].entities[0].path*")
            .WithMessage("*$.sources[0].entities[0].recordsField*");
    }

    [Fact]
    public void Load_MissingFile_SaysHowToCreateOne()
    {
        var act = () => PipelineConfigLoader.Load("/no/such/pipeline.json");

        act.Should().Throw<ConfigurationException>().WithMessage("*lakehouse init*");
    }

    [Fact]
    public void SecretStore_PrefersTheEnvironmentThenTheFile()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, """{ "from-file": "file-value", "both": "file" }""");
            var store = new LocalSecretStore(file, name => name == "LAKEHOUSE_SECRET_BOTH" ? "env" : null);

            store.Get("from-file").Should().Be("file-value");
            store.Get("both").Should().Be("env");
            var act = () => store.Get("absent");
            act.Should().Throw<KeyNotFoundException>().WithMessage($"*LAKEHOUSE_SECRET_ABSENT*'{file}'*");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void SecretStore_MalformedFile_DoesNotEchoItsContent()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "{ \"k\": \"SECRET-VALUE\" ");
            var act = () => new LocalSecretStore(file, _ => null).Get("k");

            act.Should().Throw<InvalidDataException>().Which.Message.Should().NotContain("SECRET-VALUE");
        }
        finally
        {
            File.Delete(file);
        }
    }
}
