namespace Lakehouse.SparkConnect.Client;

/// <summary>Transport settings for <see cref="SparkConnectClient"/>; every setting has a documented default.</summary>
public sealed class SparkConnectClientOptions
{
    /// <summary>
    /// The deadline of each call (sent as <c>grpc-timeout</c> and enforced locally), covering its retries and, for
    /// <c>ExecutePlan</c>, the whole result stream. Default <see langword="null"/>: no deadline, as in Spark's clients.
    /// </summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>How long opening a TCP (and TLS) connection may take. Default 30 seconds.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many times a call that failed with <see cref="GrpcStatusCode.Unavailable"/> is retried where that is safe
    /// (see <see cref="SparkConnectClient"/>). Default 3; 0 turns retries off.
    /// </summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>The wait before the first retry; it doubles for each further retry up to <see cref="MaxBackoff"/>. Default 200 ms.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest wait between retries. Default 5 seconds.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The largest response message accepted, in bytes. Default 128 MiB (Spark's server-side default).</summary>
    public int MaxReceiveMessageSize { get; init; } = 128 * 1024 * 1024;

    /// <summary>The clock for deadlines and retry waits. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Adjusts the HTTP handler after the client configured it, for example to trust a private certificate
    /// authority through <see cref="SocketsHttpHandler.SslOptions"/>. Default none.
    /// </summary>
    public Action<SocketsHttpHandler>? ConfigureHandler { get; init; }

    internal void Validate()
    {
        if (Timeout is { } timeout)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero, nameof(Timeout));
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ConnectTimeout, TimeSpan.Zero, nameof(ConnectTimeout));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRetries, nameof(MaxRetries));
        ArgumentOutOfRangeException.ThrowIfLessThan(InitialBackoff, TimeSpan.Zero, nameof(InitialBackoff));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBackoff, InitialBackoff, nameof(MaxBackoff));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxReceiveMessageSize, 1024, nameof(MaxReceiveMessageSize));
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
    }
}
