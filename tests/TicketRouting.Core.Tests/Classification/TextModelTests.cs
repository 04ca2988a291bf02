using TicketRouting.Core.Classification.Model;
using TicketRouting.Core.Domain;

namespace TicketRouting.Core.Tests.Classification;

public class TextModelTests
{
    private static readonly TextModel Model = TextModelTrainer.Train(TestData.Tickets, TestData.Options());

    // An IT helpdesk's departments: none of the seeded seven.
    private static readonly LabelledExample[] HelpdeskTickets =
    [
        new("App crash", "the application crashes when I open the report screen", "Application"),
        new("Excel add-in", "the application add-in shows an error on start", "Application"),
        new("Plantage", "le logiciel plante à l'ouverture du rapport", "Application"),
        new("Query slow", "the database query times out on the orders table", "Database"),
        new("Backup", "database backup failed last night, the sql server is full", "Database"),
        new("Base de données", "la base de données sql ne répond plus", "Database"),
        new("VPN down", "the vpn does not connect, network unreachable", "Network"),
        new("Wifi", "no wifi network on the second floor, the router is down", "Network"),
        new("Réseau", "le réseau wifi est coupé, le routeur ne répond pas", "Network"),
    ];

    [Fact]
    public void Train_AnyLabelSet_PredictsThoseLabels()
    {
        var model = TextModelTrainer.Train(HelpdeskTickets, TestData.Options());

        Assert.Equal(["Application", "Database", "Network"], model.Labels);
        Assert.Equal("Network", Best(model, "VPN", "the vpn will not connect from home, network error"));
        Assert.Equal("Database", Best(model, "", "sql database backup is failing"));
    }

    [Theory]
    [InlineData(TrainingAlgorithms.SdcaMaximumEntropy)]
    [InlineData(TrainingAlgorithms.LbfgsMaximumEntropy)]
    [InlineData(TrainingAlgorithms.OneVersusAllSdca)]
    public void Train_SameDataAndSeed_GivesTheSamePredictions(string algorithm)
    {
        var first = TextModelTrainer.Train(TestData.Tickets, TestData.Options(algorithm));
        var second = TextModelTrainer.Train(TestData.Tickets, TestData.Options(algorithm));

        foreach (var text in new[] { "ma facture est fausse", "the app crashes", "asdf qwerty", "" })
        {
            Assert.Equal(Predict(first, text), Predict(second, text));
        }
    }

    [Fact]
    public void Train_WeightOfRows_DecidesAnAmbiguousTicket()
    {
        // The same words under two labels: the weights alone say which one the model should learn.
        LabelledExample[] Rows(float network, float database) =>
        [
            .. HelpdeskTickets,
            .. Enumerable.Range(0, 3).Select(_ => new LabelledExample("Server room", "the server room alarm is ringing", "Network", network)),
            .. Enumerable.Range(0, 3).Select(_ => new LabelledExample("Server room", "the server room alarm is ringing", "Database", database)),
        ];

        var towardsNetwork = TextModelTrainer.Train(Rows(network: 10, database: 1), TestData.Options());
        var towardsDatabase = TextModelTrainer.Train(Rows(network: 1, database: 10), TestData.Options());

        Assert.Equal("Network", Best(towardsNetwork, "Server room", "the server room alarm is ringing"));
        Assert.Equal("Database", Best(towardsDatabase, "Server room", "the server room alarm is ringing"));
    }

    [Fact]
    public void Train_CalibrationSliceAllRight_StopsTheTemperatureAtItsFloor()
    {
        // 56 rows, so a calibration slice is held back; the tickets are so easy that it is all right, and an
        // unbounded fit would sharpen the probabilities without end (0.05 was chosen: every answer certain).
        var model = TextModelTrainer.Train([.. TestData.Tickets, .. TestData.Tickets], TestData.Options());

        Assert.Equal(1, model.Info.Metrics["calibration.accuracy"]);
        Assert.InRange(model.Temperature, 0.49, 0.50);
        Assert.True(Predict(model, "asdf qwerty zxcv").Max() < 0.9, "a text of no known word should not look certain");
    }

    [Fact]
    public void Train_TopicFarIntoALongEmail_IsReadByTheCharacterNgrams()
    {
        // Only the character n-grams can tell these apart (one word, typed differently); they must read the whole text.
        LabelledExample[] rows =
        [
            .. Enumerable.Range(0, 4).Select(i => new LabelledExample("", $"remboursement{i}", "Refunds")),
            .. Enumerable.Range(0, 4).Select(i => new LabelledExample("", $"motdepasse{i}", "Passwords")),
        ];
        var model = TextModelTrainer.Train(rows, TestData.Options());
        var greeting = string.Concat(Enumerable.Repeat("bonjour madame monsieur ", 10));

        Assert.Equal("Refunds", Best(model, "", greeting + "remboursementx"));
        Assert.Equal("Passwords", Best(model, "", greeting + "motdepassex"));
    }

    [Fact]
    public void Train_NoRows_ThrowsWithAClearMessage()
    {
        var error = Assert.Throws<ArgumentException>(() => TextModelTrainer.Train([], TestData.Options()));

        Assert.StartsWith("no labelled rows to train on", error.Message);
    }

    [Fact]
    public void Train_OneLabelOnly_ThrowsWithAClearMessage()
    {
        var error = Assert.Throws<ArgumentException>(() => TextModelTrainer.Train(HelpdeskTickets.Take(3), TestData.Options()));

        Assert.StartsWith("the training data has one label only ('Application')", error.Message);
    }

    [Fact]
    public void SaveAndLoad_ThroughAStream_PredictsTheSameProbabilities()
    {
        using var bytes = new MemoryStream();
        TextModelFile.Save(Model, bytes);
        bytes.Position = 0;

        var reloaded = TextModelFile.Load(bytes, "registry row 1");

        Assert.Equal(Model.Labels, reloaded.Labels);
        Assert.Equal(Model.Settings, reloaded.Settings);
        Assert.Equal(Model.Temperature, reloaded.Temperature);
        Assert.Equal(Model.Info.TrainingFingerprint, reloaded.Info.TrainingFingerprint);
        foreach (var text in new[] { "ma facture est fausse", "the app crashes", "asdf qwerty", "" })
        {
            Assert.Equal(Predict(Model, text), Predict(reloaded, text));
        }
    }

    [Fact]
    public void Load_NotAModel_ThrowsInvalidDataNamingTheSource()
    {
        using var bytes = new MemoryStream("not a model at all"u8.ToArray());

        var error = Assert.Throws<InvalidDataException>(() => TextModelFile.Load(bytes, "registry row 7"));

        Assert.Contains("registry row 7", error.Message);
    }

    [Fact]
    public void Train_ModelFile_CarriesFingerprintOfTheRows()
    {
        var changed = TestData.Tickets.Select((t, i) => i == 0 ? t with { Label = Departments.General } : t).ToList();

        var other = TextModelTrainer.Train(changed, TestData.Options());

        Assert.StartsWith("sha256:", Model.Info.TrainingFingerprint);
        Assert.NotEqual(Model.Info.TrainingFingerprint, other.Info.TrainingFingerprint);
        Assert.Equal(TestData.Tickets.Length, Model.Info.TrainingRows);
    }

    [Theory]
    [InlineData("ma facture est fausse")]
    [InlineData("")]
    [InlineData("asdf qwerty")]
    public void Predict_AnyText_ProbabilitiesSumToOne(string text)
    {
        var p = Predict(Model, text);

        Assert.Equal(Model.Labels.Count, p.Length);
        Assert.All(p, v => Assert.InRange(v, 0, 1));
        Assert.Equal(1, p.Sum(), 6);
    }

    [Fact]
    public void Predict_ManyThreadsAtOnce_GiveTheSameProbabilitiesAsOneThread()
    {
        var texts = TestData.Tickets.Select(t => t.Description).ToArray();
        var expected = texts.Select(t => Predict(Model, t)).ToArray();

        var results = new double[texts.Length * 40][];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => results[i] = Predict(Model, texts[i % texts.Length]));

        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal(expected[i % texts.Length], results[i]);
        }
    }

    [Theory]
    [InlineData("FACTURES fausses, prélevé 2 fois", Departments.Billing)]
    [InlineData("L'application plante, message d'erreur", Departments.Technical)]
    [InlineData("forgot my password, cannot log in", Departments.Accounts)]
    public void Classify_UnseenWording_PicksDepartmentWithEvidence(string text, string expected)
    {
        var result = new ModelClassifier(Model).Classify("", text);

        Assert.Equal(expected, result.Department);
        Assert.InRange(result.Confidence, 1.0 / Departments.Default.Count, 1);
        Assert.Equal(1, result.Scores.Values.Sum(), 6);
        Assert.NotEmpty(result.Evidence);
        Assert.All(result.Evidence, word => Assert.Contains(word.Split(' ')[0], TextNormalizerFold(text)));
    }

    private static string TextNormalizerFold(string text) => Core.Classification.TextNormalizer.Fold(text);

    private static string Best(TextModel model, string subject, string description)
    {
        var p = new double[model.Labels.Count];
        model.Predict(subject, description, p);
        return model.Labels[Array.IndexOf(p, p.Max())];
    }

    private static double[] Predict(TextModel model, string text)
    {
        var p = new double[model.Labels.Count];
        model.Predict("", text, p);
        return p;
    }
}
