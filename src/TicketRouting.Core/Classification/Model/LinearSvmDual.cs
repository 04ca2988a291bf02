namespace TicketRouting.Core.Classification.Model;

/// <summary>
/// One-vs-rest linear SVM with squared hinge loss solved by dual coordinate descent (the liblinear
/// method behind scikit-learn's LinearSVC, C = 1, intercept as a regularised constant feature).
/// Exact enough to serve as the baseline the issue names; seeded visiting order keeps it deterministic.
/// </summary>
internal static class LinearSvmDual
{
    public static (float[] Weights, float[] Bias) Fit(
        IReadOnlyList<int> rows, float[][] vectors, int[][] buckets, int[] labels, int labelCount, int bucketCount, TrainerOptions options)
    {
        const double c = 1.0;
        const double diagonal = 0.5 / c; // squared hinge: D_ii = 1 / (2C), no upper bound on alpha
        var weights = new float[bucketCount * labelCount];
        var bias = new float[labelCount];
        var order = rows.ToArray();
        var w = new double[bucketCount];
        var alpha = new double[vectors.Length];
        var random = new Random(options.Seed);

        for (var k = 0; k < labelCount; k++)
        {
            Array.Clear(w);
            Array.Clear(alpha);
            double b = 0;
            for (var epoch = 0; epoch < Math.Max(options.Epochs, 1); epoch++)
            {
                random.Shuffle(order);
                double maxProjected = 0;
                foreach (var r in order)
                {
                    var x = vectors[r];
                    var f = buckets[r];
                    var y = labels[r] == k ? 1.0 : -1.0;
                    double dot = b;
                    double squared = 1; // the constant intercept feature
                    for (var i = 0; i < f.Length; i++)
                    {
                        dot += w[f[i]] * x[i];
                        squared += x[i] * x[i];
                    }

                    var gradient = (y * dot) - 1 + (diagonal * alpha[r]);
                    var projected = alpha[r] == 0 ? Math.Min(gradient, 0) : gradient;
                    maxProjected = Math.Max(maxProjected, Math.Abs(projected));
                    if (projected == 0)
                    {
                        continue;
                    }

                    var old = alpha[r];
                    alpha[r] = Math.Max(old - (gradient / (squared + diagonal)), 0);
                    var step = (alpha[r] - old) * y;
                    for (var i = 0; i < f.Length; i++)
                    {
                        w[f[i]] += step * x[i];
                    }

                    b += step;
                }

                if (maxProjected < 1e-3)
                {
                    break; // converged: no coordinate would move
                }
            }

            for (var j = 0; j < bucketCount; j++)
            {
                weights[(j * labelCount) + k] = (float)w[j];
            }

            bias[k] = (float)b;
        }

        return (weights, bias);
    }
}
