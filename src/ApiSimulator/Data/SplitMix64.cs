namespace Lakehouse.ApiSimulator.Data;

/// <summary>
/// A tiny deterministic PRNG (SplitMix64). Its sequence is part of our contract: the same
/// (seed, stream, index) always yields the same record, on every runtime and machine.
/// System.Random is not used because its sequence is not specified.
/// </summary>
internal struct SplitMix64
{
    private ulong _state;

    public SplitMix64(ulong state) => _state = state;

    /// <summary>A generator for one record: independent of every other record's generator.</summary>
    public static SplitMix64 ForRecord(long seed, ulong stream, long index) =>
        new(Mix(Mix((ulong)seed ^ (stream * 0xD6E8FEB86659FD93UL)) + (ulong)index));

    /// <summary>A stateless hash of three values to [0, 1): used for per-request fault decisions.</summary>
    public static double HashToUnit(long seed, ulong stream, long value) =>
        (Mix(Mix((ulong)seed ^ (stream * 0xD6E8FEB86659FD93UL)) + (ulong)value) >> 11) * (1.0 / (1UL << 53));

    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, maxExclusive).</summary>
    public int Next(int maxExclusive) => (int)((NextUInt64() >> 32) * (ulong)maxExclusive >> 32);

    /// <summary>Uniform in [minInclusive, maxInclusive].</summary>
    public int Between(int minInclusive, int maxInclusive) => minInclusive + Next(maxInclusive - minInclusive + 1);

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
