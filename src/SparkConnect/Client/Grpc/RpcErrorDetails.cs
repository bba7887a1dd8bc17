using System.Collections.ObjectModel;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Lakehouse.SparkConnect.Client.Grpc;

/// <summary>
/// The <c>google.rpc.ErrorInfo</c> found in a <c>grpc-status-details-bin</c> trailer, where Spark puts the JVM
/// exception class (<see cref="Reason"/>) and its error class and parameters (<see cref="Metadata"/>).
/// </summary>
/// <remarks>
/// Decoded by hand from the wire format (google/rpc/status.proto and error_details.proto field numbers)
/// because Google.Protobuf does not ship the google.rpc messages and these three fields are all we read.
/// </remarks>
internal sealed record RpcErrorDetails(string Reason, string Domain, IReadOnlyDictionary<string, string> Metadata)
{
    private const string ErrorInfoTypeUrl = "type.googleapis.com/google.rpc.ErrorInfo";

    /// <summary>Decodes the trailer's value (base64, padding optional); null when absent, malformed or without ErrorInfo.</summary>
    public static RpcErrorDetails? FromTrailer(string? base64)
    {
        if (string.IsNullOrEmpty(base64))
        {
            return null;
        }

        try
        {
            var padded = base64.Trim().PadRight(base64.Trim().Length + ((4 - (base64.Trim().Length % 4)) % 4), '=');
            return FromStatus(Convert.FromBase64String(padded));
        }
        catch (Exception ex) when (ex is FormatException or InvalidProtocolBufferException)
        {
            // The details only enrich the error; a broken trailer must not hide the status and message.
            return null;
        }
    }

    /// <summary>Finds the first ErrorInfo among a serialized google.rpc.Status's details.</summary>
    internal static RpcErrorDetails? FromStatus(byte[] status)
    {
        var input = new CodedInputStream(status);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (tag == WireTag(3, WireFormat.WireType.LengthDelimited))
            {
                var detail = Any.Parser.ParseFrom(input.ReadBytes());
                if (string.Equals(detail.TypeUrl, ErrorInfoTypeUrl, StringComparison.Ordinal))
                {
                    return FromErrorInfo(detail.Value);
                }
            }
            else
            {
                input.SkipLastField();
            }
        }

        return null;
    }

    private static RpcErrorDetails FromErrorInfo(ByteString errorInfo)
    {
        var input = errorInfo.CreateCodedInput();
        string reason = "", domain = "";
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1 when WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited:
                    reason = input.ReadString();
                    break;
                case 2 when WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited:
                    domain = input.ReadString();
                    break;
                case 3 when WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited:
                    var (key, value) = ReadMapEntry(input.ReadBytes());
                    metadata[key] = value;
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return new RpcErrorDetails(reason, domain, new ReadOnlyDictionary<string, string>(metadata));
    }

    private static (string Key, string Value) ReadMapEntry(ByteString entry)
    {
        var input = entry.CreateCodedInput();
        string key = "", value = "";
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (tag == WireTag(1, WireFormat.WireType.LengthDelimited))
            {
                key = input.ReadString();
            }
            else if (tag == WireTag(2, WireFormat.WireType.LengthDelimited))
            {
                value = input.ReadString();
            }
            else
            {
                input.SkipLastField();
            }
        }

        return (key, value);
    }

    private static uint WireTag(int field, WireFormat.WireType type) => WireFormat.MakeTag(field, type);
}
