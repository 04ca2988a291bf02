using System.Globalization;
using System.Net;
using System.Text;
using TicketRouting.Core.Simulation;

namespace TicketRouting.Cli.Simulation;

/// <summary>A small SVG bar chart: one panel per measure, one bar per policy.</summary>
internal static class SimulationChart
{
    private static readonly string[] Colours = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759"];

    public static string Svg(IReadOnlyList<SimulationResult> results)
    {
        (string Title, Func<SimulationResult, double> Value, string Format)[] panels =
        [
            ("wait p50 (min)", r => r.WaitP50, "0.0"),
            ("wait p95 (min)", r => r.WaitP95, "0"),
            ("SLA breaches", r => r.SlaBreaches, "0"),
            ("Gini of tickets per agent", r => r.Gini, "0.00"),
        ];
        const int panelWidth = 220, height = 260, top = 40, barArea = 160;
        var c = CultureInfo.InvariantCulture;
        var svg = new StringBuilder();
        svg.Append(c, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{panels.Length * panelWidth}\" height=\"{height + 20 * results.Count}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.Append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        for (var p = 0; p < panels.Length; p++)
        {
            var (title, value, format) = panels[p];
            var x0 = p * panelWidth + 20;
            var max = Math.Max(results.Max(value), 1e-9);
            svg.Append(c, $"<text x=\"{x0}\" y=\"20\" font-weight=\"bold\">{WebUtility.HtmlEncode(title)}</text>\n");
            var barWidth = (panelWidth - 40) / Math.Max(results.Count, 1);
            for (var i = 0; i < results.Count; i++)
            {
                var v = value(results[i]);
                var h = v / max * barArea;
                var x = x0 + i * barWidth;
                svg.Append(c, $"<rect x=\"{x}\" y=\"{top + barArea - h:0.0}\" width=\"{barWidth - 6}\" height=\"{h:0.0}\" fill=\"{Colours[i % Colours.Length]}\"/>\n");
                svg.Append(c, $"<text x=\"{x}\" y=\"{top + barArea - h - 4:0.0}\">{v.ToString(format, c)}</text>\n");
            }
        }

        for (var i = 0; i < results.Count; i++)
        {
            var y = height + 20 * i;
            svg.Append(c, $"<rect x=\"20\" y=\"{y - 10}\" width=\"12\" height=\"12\" fill=\"{Colours[i % Colours.Length]}\"/>");
            svg.Append(c, $"<text x=\"38\" y=\"{y}\">{WebUtility.HtmlEncode(results[i].Policy)}</text>\n");
        }

        return svg.Append("</svg>\n").ToString();
    }
}
