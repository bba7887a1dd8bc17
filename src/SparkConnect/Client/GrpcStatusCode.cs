namespace Lakehouse.SparkConnect.Client;

/// <summary>gRPC status codes (the values of the <c>grpc-status</c> trailer).</summary>
public enum GrpcStatusCode
{
    /// <summary>Success.</summary>
    OK = 0,

    /// <summary>The call was cancelled.</summary>
    Cancelled = 1,

    /// <summary>An unknown error, for example an exception the server did not classify.</summary>
    Unknown = 2,

    /// <summary>The request is invalid (Spark uses it for analysis and parse errors).</summary>
    InvalidArgument = 3,

    /// <summary>The deadline passed before the call completed.</summary>
    DeadlineExceeded = 4,

    /// <summary>An entity was not found.</summary>
    NotFound = 5,

    /// <summary>An entity already exists (for example an operation id).</summary>
    AlreadyExists = 6,

    /// <summary>The caller may not do this.</summary>
    PermissionDenied = 7,

    /// <summary>A resource (memory, quota, message size) ran out.</summary>
    ResourceExhausted = 8,

    /// <summary>The system is not in the state the operation needs.</summary>
    FailedPrecondition = 9,

    /// <summary>The operation was aborted.</summary>
    Aborted = 10,

    /// <summary>A value is out of range.</summary>
    OutOfRange = 11,

    /// <summary>The server does not implement the method.</summary>
    Unimplemented = 12,

    /// <summary>An internal error, also used for responses that break the protocol.</summary>
    Internal = 13,

    /// <summary>The service is unavailable; usually transient.</summary>
    Unavailable = 14,

    /// <summary>Data was lost or corrupted.</summary>
    DataLoss = 15,

    /// <summary>The request has no valid credentials.</summary>
    Unauthenticated = 16,
}
