using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace TicketRouting.Core.Classification;

/// <summary>
/// Per-department scores backed by two arrays: a prediction allocates one small array instead of a
/// dictionary. Reads like any <see cref="IReadOnlyDictionary{TKey, TValue}"/> (and serializes as one).
/// </summary>
public sealed class DepartmentScores(IReadOnlyList<string> departments, double[] scores) : IReadOnlyDictionary<string, double>
{
    public double this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    public IEnumerable<string> Keys => departments;
    public IEnumerable<double> Values => scores;
    public int Count => departments.Count;

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out double value)
    {
        var i = IndexOf(key);
        value = i >= 0 ? scores[i] : 0;
        return i >= 0;
    }

    public IEnumerator<KeyValuePair<string, double>> GetEnumerator()
    {
        for (var i = 0; i < departments.Count; i++)
        {
            yield return new KeyValuePair<string, double>(departments[i], scores[i]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int IndexOf(string key)
    {
        for (var i = 0; i < departments.Count; i++)
        {
            if (string.Equals(departments[i], key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
