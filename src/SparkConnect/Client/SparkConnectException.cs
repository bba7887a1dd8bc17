using System.Collections.ObjectModel;
using Lakehouse.SparkConnect.Client.Grpc;

namespace Lakehouse.SparkConnect.Client;

/// <summary>
/// A Spark Connect call failed: the server returned a non-OK gRPC status, the deadline passed, the
/// connection failed, or the response broke the protocol (<see cref="GrpcStatusCode.Internal"/>).
/// </summary>
/// <remarks>
/// When the server sent Spark's error details (<c>grpc-status-details-bin</c> with a
/// <c>google.rpc.ErrorInfo</c>), <see cref="SparkExceptionClass"/>, <see cref="ErrorClass"/> and
/// <see cref="ErrorMetadata"/> carry them.
/// </remarks>
public sealed class SparkConnectException : Exception
{
    private static readonly ReadOnlyDictionary<string, string> NoMetadata = new(new Dictionary<string, string>());

    /// <summary>Creates an exception for a failed call.</summary>
    /// <param name="method">The gRPC method, for example <c>ExecutePlan</c>.</param>
    /// <param name="statusCode">The gRPC status.</param>
    /// <param name="serverMessage">The server's message (<c>grpc-message</c>), or a description of the local failure.</param>
    /// <param name="innerException">The transport exception behind the failure, if any.</param>
    public SparkConnectException(string method, GrpcStatusCode statusCode, string serverMessage, Exception? innerException = null)
        : this(method, statusCode, serverMessage, null, innerException)
    {
    }

    internal SparkConnectException(
        string method,
        GrpcStatusCode statusCode,
        string serverMessage,
        RpcErrorDetails? details,
        Exception? innerException = null)
        : base(FormatMessage(method, statusCode, serverMessage, details), innerException)
    {
        Method = method;
        StatusCode = statusCode;
        ServerMessage = serverMessage;
        SparkExceptionClass = details?.Reason;
        ErrorMetadata = details?.Metadata ?? NoMetadata;
    }

    /// <summary>The gRPC method that failed, for example <c>ExecutePlan</c>.</summary>
    public string Method { get; }

    /// <summary>The gRPC status code.</summary>
    public GrpcStatusCode StatusCode { get; }

    /// <summary>The server's message (<c>grpc-message</c>, percent-decoded), or a description of the local failure.</summary>
    public string ServerMessage { get; }

    /// <summary>The JVM exception class Spark reported, for example <c>org.apache.spark.sql.AnalysisException</c>.</summary>
    public string? SparkExceptionClass { get; }

    /// <summary>Spark's error class, for example <c>TABLE_OR_VIEW_NOT_FOUND</c>, when the server sent one.</summary>
    public string? ErrorClass => ErrorMetadata.GetValueOrDefault("errorClass");

    /// <summary>The metadata of Spark's <c>ErrorInfo</c> (for example <c>errorClass</c>, <c>messageParameters</c>, <c>classes</c>).</summary>
    public IReadOnlyDictionary<string, string> ErrorMetadata { get; }

    /// <summary>The request never reached the server (the connection could not be opened), so a retry cannot repeat work.</summary>
    internal bool RequestNotSent { get; init; }

    /// <summary>Whether retrying the call may succeed (the service was unavailable).</summary>
    public bool IsTransient => StatusCode == GrpcStatusCode.Unavailable;

    private static string FormatMessage(string method, GrpcStatusCode statusCode, string serverMessage, RpcErrorDetails? details)
    {
        var errorClass = details?.Metadata.GetValueOrDefault("errorClass");
        var suffix = errorClass is null ? "" : $" [{errorClass}]";
        return $"Spark Connect {method} failed with {statusCode}: {serverMessage}{suffix}";
    }
}
