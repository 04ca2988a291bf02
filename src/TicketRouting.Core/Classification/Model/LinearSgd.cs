namespace TicketRouting.Core.Classification.Model;

/// <summary>
/// Stochastic gradient descent for a multiclass linear model on sparse rows, with L2 regularisation
/// kept lazy through a global scale (Bottou's trick) so an update costs only the row's features.
/// Rows are visited in an order drawn from the seed: same data and seed, same weights.
/// </summary>
internal static class LinearSgd
{
    public static (float[] Weights, float[] Bias) Fit(
        IReadOnlyList<int> rows, float[][] vectors, int[][] buckets, int[] labels, int labelCount, int bucketCount, TrainerOptions options)
    {
        var v = new double[bucketCount * labelCount];
        var bias = new double[labelCount];
        var scores = new double[labelCount];
        var gradient = new double[labelCount];
        var order = rows.ToArray();
        var random = new Random(options.Seed);
        var svm = options.Algorithm == TrainingAlgorithms.LinearSvm;
        double scale = 1;
        long t = 0;

        // Averaging the end-of-epoch weights of the second half damps the noise of the last steps.
        var averaged = new double[v.Length];
        var averagedBias = new double[labelCount];
        var snapshots = 0;

        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            random.Shuffle(order);
            foreach (var r in order)
            {
                var lr = options.LearningRate / (1 + (options.LearningRate * options.Lambda * t++));
                var x = vectors[r];
                var f = buckets[r];
                Array.Clear(scores);
                for (var i = 0; i < f.Length; i++)
                {
                    var rowStart = f[i] * labelCount;
                    for (var c = 0; c < labelCount; c++)
                    {
                        scores[c] += x[i] * v[rowStart + c];
                    }
                }

                for (var c = 0; c < labelCount; c++)
                {
                    scores[c] = (scores[c] * scale) + bias[c];
                }

                var any = svm ? HingeGradient(scores, labels[r], gradient) : SoftmaxGradient(scores, labels[r], gradient);
                scale *= 1 - (lr * options.Lambda);
                if (any)
                {
                    for (var i = 0; i < f.Length; i++)
                    {
                        var step = lr * x[i] / scale;
                        var rowStart = f[i] * labelCount;
                        for (var c = 0; c < labelCount; c++)
                        {
                            v[rowStart + c] -= step * gradient[c];
                        }
                    }

                    for (var c = 0; c < labelCount; c++)
                    {
                        bias[c] -= lr * gradient[c] * 0.1; // a slower bias keeps rare labels from being drowned early
                    }
                }

                if (scale < 1e-6)
                {
                    for (var i = 0; i < v.Length; i++)
                    {
                        v[i] *= scale;
                    }

                    scale = 1;
                }
            }

            if (epoch >= options.Epochs / 2)
            {
                snapshots++;
                for (var i = 0; i < v.Length; i++)
                {
                    averaged[i] += v[i] * scale;
                }

                for (var c = 0; c < labelCount; c++)
                {
                    averagedBias[c] += bias[c];
                }
            }
        }

        var weights = new float[v.Length];
        for (var i = 0; i < v.Length; i++)
        {
            weights[i] = (float)(averaged[i] / snapshots);
        }

        return (weights, averagedBias.Select(b => (float)(b / snapshots)).ToArray());
    }

    private static bool SoftmaxGradient(double[] scores, int label, double[] gradient)
    {
        scores.AsSpan().CopyTo(gradient);
        TextModel.Softmax(gradient);
        gradient[label] -= 1;
        return true;
    }

    // Crammer-Singer: push the true label above the strongest rival by a margin of 1.
    private static bool HingeGradient(double[] scores, int label, double[] gradient)
    {
        Array.Clear(gradient);
        var rival = -1;
        for (var c = 0; c < scores.Length; c++)
        {
            if (c != label && (rival < 0 || scores[c] > scores[rival]))
            {
                rival = c;
            }
        }

        if (rival < 0 || scores[label] - scores[rival] >= 1)
        {
            return false;
        }

        gradient[label] = -1;
        gradient[rival] = 1;
        return true;
    }
}
