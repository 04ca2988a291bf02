using TicketRouting.Core.Classification;
using TicketRouting.Core.Domain;

namespace TicketRouting.Core.Tests.Classification;

public class KeywordMatchingTests
{
    private static KeywordRulesClassifier Classifier(params (string, string, double)[] rules) =>
        new(TestData.Rules(rules), Departments.General);

    [Theory]
    [InlineData("facture")]
    [InlineData("Factures")]
    [InlineData("FACTURATION")]
    [InlineData("facturé")]
    [InlineData("FACTURÉES")]
    public void Classify_InflectedCasedOrAccentedTerm_MatchesRule(string word)
    {
        var result = Classifier((Departments.Billing, "facture", 3)).Classify("", $"Question sur: {word}!");

        Assert.Equal(Departments.Billing, result.Department);
        Assert.Contains("billing:facture", result.Evidence);
    }

    [Fact]
    public void Classify_PhraseWithPunctuationAndAccents_MatchesWholePhraseOnly()
    {
        var classifier = Classifier((Departments.Accounts, "mot de passe", 4));

        Assert.Equal(Departments.Accounts, classifier.Classify("", "J'ai perdu mon MOT-DE-PASSE...").Department);
        Assert.Empty(classifier.Classify("", "le mot de la fin, on passe").Evidence);
    }

    [Fact]
    public void Classify_NegativeTerm_CountsAgainstDepartment()
    {
        var classifier = Classifier(
            (Departments.Returns, "retour", 3),
            (Departments.Returns, "attente de votre retour", -3),
            (Departments.Orders, "commande", 2));

        var result = classifier.Classify("", "Ma commande est bloquée. Dans l'attente de votre retour.");

        Assert.Equal(Departments.Orders, result.Department);
    }

    [Fact]
    public void Classify_SubjectTerm_WeighsMoreThanBodyTerm()
    {
        var classifier = Classifier((Departments.Billing, "facture", 2), (Departments.Orders, "commande", 3));

        Assert.Equal(Departments.Billing, classifier.Classify("Facture", "commande").Department);
        Assert.Equal(Departments.Orders, classifier.Classify("", "facture commande").Department);
    }

    [Fact]
    public void Classify_NoTermMatches_ReturnsFallbackWithZeroConfidence()
    {
        var result = Classifier((Departments.Billing, "facture", 3)).Classify("", "asdf qwerty");

        Assert.Equal(Departments.General, result.Department);
        Assert.Equal(0, result.Confidence);
        Assert.Empty(result.Evidence);
    }
}
