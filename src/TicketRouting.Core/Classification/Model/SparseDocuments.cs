using System.Security.Cryptography;
using System.Text;

namespace TicketRouting.Core.Classification.Model;

/// <summary>Training-time view of the data: raw hashed counts per row, then L2-normalised tf-idf vectors.</summary>
internal sealed class SparseDocuments
{
    private SparseDocuments(int[][] buckets, float[][] counts)
    {
        Buckets = buckets;
        Counts = counts;
    }

    public int[][] Buckets { get; }
    public float[][] Counts { get; }
    public int Count => Buckets.Length;

    public static SparseDocuments Featurize(IReadOnlyList<LabelledExample> rows, HashedFeaturizer featurizer)
    {
        var buckets = new int[rows.Count][];
        var counts = new float[rows.Count][];
        for (var r = 0; r < rows.Count; r++)
        {
            var scratch = featurizer.Featurize(rows[r].Subject, rows[r].Description);
            buckets[r] = new int[scratch.TouchedCount];
            counts[r] = new float[scratch.TouchedCount];
            for (var i = 0; i < scratch.TouchedCount; i++)
            {
                buckets[r][i] = scratch.BucketAt(scratch.Touched[i]);
                counts[r][i] = scratch.Values[scratch.Touched[i]];
            }
        }

        return new SparseDocuments(buckets, counts);
    }

    /// <summary>Smoothed idf over the given rows, as scikit-learn computes it; unseen buckets get 0.</summary>
    public float[] InverseDocumentFrequency(IReadOnlyList<int> rows, int bucketCount)
    {
        var df = new int[bucketCount];
        foreach (var r in rows)
        {
            foreach (var b in Buckets[r])
            {
                df[b]++;
            }
        }

        var idf = new float[bucketCount];
        for (var b = 0; b < bucketCount; b++)
        {
            idf[b] = df[b] == 0 ? 0 : (float)(Math.Log((1.0 + rows.Count) / (1.0 + df[b])) + 1);
        }

        return idf;
    }

    /// <summary>The tf-idf values of one row, L2-normalised, in the order of <see cref="Buckets"/>.</summary>
    public float[] Vector(int row, float[] idf, bool sublinear)
    {
        var counts = Counts[row];
        var values = new float[counts.Length];
        double norm2 = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            var tf = sublinear ? 1 + MathF.Log(counts[i]) : counts[i];
            values[i] = tf * idf[Buckets[row][i]];
            norm2 += values[i] * values[i];
        }

        var inverse = norm2 > 0 ? (float)(1 / Math.Sqrt(norm2)) : 0;
        for (var i = 0; i < values.Length; i++)
        {
            values[i] *= inverse;
        }

        return values;
    }

    /// <summary>Hash of the rows in order, so a model file says exactly which data made it.</summary>
    public static string Fingerprint(IEnumerable<LabelledExample> rows)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var row in rows)
        {
            sha.AppendData(Encoding.UTF8.GetBytes($"{row.Subject}\u001f{row.Description}\u001f{row.Label}\u001e"));
        }

        return "sha256:" + Convert.ToHexStringLower(sha.GetHashAndReset())[..16];
    }
}
