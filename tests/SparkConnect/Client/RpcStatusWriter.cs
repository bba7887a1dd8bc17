using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Lakehouse.SparkConnect.Tests.Client;

/// <summary>
/// Encodes a google.rpc.Status holding one google.rpc.ErrorInfo, as Spark's server puts in grpc-status-details-bin
/// (field numbers from google/rpc/status.proto and error_details.proto).
/// </summary>
internal static class RpcStatusWriter
{
    public static string Base64(int code, string message, string reason, Dictionary<string, string> metadata, bool padded = true)
    {
        var errorInfo = Encode(output =>
        {
            output.WriteTag(1, WireFormat.WireType.LengthDelimited);
            output.WriteString(reason);
            output.WriteTag(2, WireFormat.WireType.LengthDelimited);
            output.WriteString("org.apache.spark");
            foreach (var (key, value) in metadata)
            {
                output.WriteTag(3, WireFormat.WireType.LengthDelimited);
                output.WriteBytes(Encode(entry =>
                {
                    entry.WriteTag(1, WireFormat.WireType.LengthDelimited);
                    entry.WriteString(key);
                    entry.WriteTag(2, WireFormat.WireType.LengthDelimited);
                    entry.WriteString(value);
                }));
            }
        });
        var status = Encode(output =>
        {
            output.WriteTag(1, WireFormat.WireType.Varint);
            output.WriteInt32(code);
            output.WriteTag(2, WireFormat.WireType.LengthDelimited);
            output.WriteString(message);
            // A detail of another type first: the reader must look past it.
            output.WriteTag(3, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(new Any { TypeUrl = "type.googleapis.com/google.rpc.DebugInfo", Value = ByteString.CopyFromUtf8("x") }.ToByteString());
            output.WriteTag(3, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(new Any { TypeUrl = "type.googleapis.com/google.rpc.ErrorInfo", Value = errorInfo }.ToByteString());
        });
        var text = Convert.ToBase64String(status.ToByteArray());
        return padded ? text : text.TrimEnd('=');
    }

    private static ByteString Encode(Action<CodedOutputStream> write)
    {
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        write(output);
        output.Flush();
        return ByteString.CopyFrom(buffer.ToArray());
    }
}
