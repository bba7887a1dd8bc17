using System.Text.Json;
using Lakehouse.ApiSimulator.Data;

namespace Lakehouse.ApiSimulator.Http;

/// <summary>
/// DummyJSON's sortBy/order: a stable sort on one top-level field. Numbers compare as numbers and
/// strings by UTF-16 code units (JavaScript's <c>&gt;</c>); ties keep their original order in both
/// directions. Records lacking the field (or holding null, objects, arrays) sort before all others
/// ascending and after them descending: JavaScript's comparator is inconsistent there, so we pick
/// one documented order.
/// </summary>
internal static class RecordSorter
{
    public static int[] Sort(IRecordSource source, int[] indices, string field, bool descending)
    {
        var keys = new SortKey[indices.Length];
        for (var i = 0; i < indices.Length; i++)
        {
            keys[i] = SortKey.Of(source.GetElement(indices[i]), field);
        }

        var positions = Enumerable.Range(0, indices.Length);
        var ordered = descending
            ? positions.OrderByDescending(p => keys[p], SortKey.Comparer)
            : positions.OrderBy(p => keys[p], SortKey.Comparer);
        return ordered.Select(p => indices[p]).ToArray();
    }

    private readonly record struct SortKey(int Rank, double Number, string? Text)
    {
        public static readonly IComparer<SortKey> Comparer = Comparer<SortKey>.Create(static (a, b) =>
            a.Rank != b.Rank ? a.Rank.CompareTo(b.Rank)
            : a.Rank == 3 ? string.CompareOrdinal(a.Text, b.Text)
            : a.Number.CompareTo(b.Number));

        public static SortKey Of(JsonElement record, string field)
        {
            if (record.ValueKind != JsonValueKind.Object || !record.TryGetProperty(field, out var value))
            {
                return default;
            }

            return value.ValueKind switch
            {
                JsonValueKind.False => new SortKey(1, 0, null),
                JsonValueKind.True => new SortKey(1, 1, null),
                JsonValueKind.Number => new SortKey(2, value.GetDouble(), null),
                JsonValueKind.String => new SortKey(3, 0, value.GetString()),
                _ => default,
            };
        }
    }
}
