using System.Text.Encodings.Web;
using System.Text.Json;

namespace Lakehouse.ApiSimulator.Data;

/// <summary>How the simulator writes JSON: compact, and escaped only where JSON requires it.</summary>
internal static class JsonOutput
{
    /// <summary>
    /// Relaxed escaping keeps "&amp;", "'" and non-ASCII text as JavaScript's JSON.stringify writes them
    /// (the default encoder would turn "Dolce &amp; Gabbana" into "Dolce \u0026 Gabbana").
    /// Validation is skipped: every writer here emits well-formed JSON by construction.
    /// </summary>
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        SkipValidation = true,
    };
}
