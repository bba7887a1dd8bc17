using System.Net;

namespace Lakehouse.Bronze.Http;

/// <summary>A complete response body, read within the size limit, with the headers ingestion uses.</summary>
internal sealed record FetchedResponse(Uri Url, HttpStatusCode Status, string? ContentType, string? LinkHeader, byte[] Body, TimeSpan? RetryAfter);
