using System.Text.Json;

namespace Lakehouse.ApiSimulator.Tests;

/// <summary>One HttpClient per simulator, plus helpers that read JSON answers.</summary>
internal sealed class ApiClient(Uri baseAddress) : IDisposable
{
    public HttpClient Http { get; } = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public async Task<(int Status, JsonElement Body)> GetJsonAsync(string pathAndQuery)
    {
        using var response = await Http.GetAsync(pathAndQuery);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        using var document = JsonDocument.Parse(bytes);
        return ((int)response.StatusCode, document.RootElement.Clone());
    }

    public async Task<JsonElement> GetOkAsync(string pathAndQuery)
    {
        var (status, body) = await GetJsonAsync(pathAndQuery);
        status.Should().Be(200, "GET {0} answered {1}", pathAndQuery, body);
        return body;
    }

    public Task<byte[]> GetBytesAsync(string pathAndQuery) => Http.GetByteArrayAsync(pathAndQuery);

    public void Dispose() => Http.Dispose();
}
