namespace TicketRouting.Core.Classification.Model;

/// <summary>
/// Per-thread working memory of one featurization: the folded text, an open-addressing table of
/// bucket → count, and where each word feature came from (for evidence). Reused across calls, so a
/// prediction allocates nothing here after a thread's first call.
/// </summary>
internal sealed class FeatureScratch
{
    private const int TableSize = 1 << 15;
    private const int MaxLoad = TableSize * 3 / 4;
    private const int MaxWords = 4096;

    [ThreadStatic]
    private static FeatureScratch? _current;

    private readonly int[] _keys = new int[TableSize];

    public FeatureScratch(int maxChars)
    {
        Array.Fill(_keys, -1);
        Folded = new char[(2 * maxChars) + 8];
    }

    public char[] Folded { get; private set; }
    public int FoldedLength { get; set; }

    /// <summary>Slots of the table in first-seen order; Values[slot] is the count, later the tf-idf value.</summary>
    public int[] Touched { get; } = new int[TableSize];
    public int TouchedCount { get; private set; }
    public float[] Values { get; } = new float[TableSize];

    public int[] WordBucket { get; } = new int[MaxWords];
    public int[] WordStart { get; } = new int[MaxWords];
    public int[] WordLength { get; } = new int[MaxWords];
    public int WordCount { get; private set; }

    public static FeatureScratch ForCurrentThread(int maxChars)
    {
        var scratch = _current;
        if (scratch is null || scratch.Folded.Length < (2 * maxChars) + 8)
        {
            _current = scratch = new FeatureScratch(maxChars);
        }

        scratch.Reset();
        return scratch;
    }

    public int BucketAt(int slot) => _keys[slot];

    public void Add(int bucket, float weight)
    {
        var slot = (int)((uint)bucket * 2654435761u >> 17) & (TableSize - 1);
        while (true)
        {
            var key = _keys[slot];
            if (key == bucket)
            {
                Values[slot] += weight;
                return;
            }

            if (key < 0)
            {
                if (TouchedCount >= MaxLoad)
                {
                    return; // bounded by MaxChars in practice; never loop on a full table
                }

                _keys[slot] = bucket;
                Values[slot] = weight;
                Touched[TouchedCount++] = slot;
                return;
            }

            slot = (slot + 1) & (TableSize - 1);
        }
    }

    public void AddWord(int bucket, int start, int length)
    {
        if (WordCount < MaxWords)
        {
            WordBucket[WordCount] = bucket;
            WordStart[WordCount] = start;
            WordLength[WordCount] = length;
            WordCount++;
        }
    }

    private void Reset()
    {
        for (var i = 0; i < TouchedCount; i++)
        {
            _keys[Touched[i]] = -1;
        }

        TouchedCount = 0;
        WordCount = 0;
        FoldedLength = 0;
    }
}
