using System.Diagnostics;
using System.Globalization;
using System.Text;
using WorkflowItsm.Bpmn.Dmn;

namespace WorkflowItsm.Benchmarks;

/// <summary>
/// Evaluations per second of a 50-rule decision table (UNIQUE; three inputs: a numeric range, a string list and a
/// date comparison), compiled once, on one thread. Inputs cycle so every rule is hit and the last rules are reached.
/// </summary>
internal sealed class DmnTable50
{
    private readonly DmnDecision decision = DmnParser.Parse(Table()).Find("routing")!;
    private readonly Dictionary<string, object?>[] inputs = Enumerable.Range(0, 50).Select(i => new Dictionary<string, object?>
    {
        ["amount"] = (long)(i * 100) + 50,
        ["category"] = Categories[i % Categories.Length],
        ["reported"] = "2026-03-15",
    }).ToArray();

    private static readonly string[] Categories = ["network", "email", "hardware", "access", "software"];

    /// <summary>Evaluations per second over <paramref name="evaluations"/> evaluations.</summary>
    public double Run(int evaluations)
    {
        var start = Stopwatch.GetTimestamp();
        long matched = 0;
        for (var i = 0; i < evaluations; i++)
        {
            matched += decision.Evaluate(inputs[i % inputs.Length]).Count;
        }

        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        if (matched != evaluations)
        {
            throw new InvalidOperationException($"Every evaluation should match one rule; {matched} of {evaluations} did.");
        }

        return evaluations / seconds;
    }

    private static string Table()
    {
        var xml = new StringBuilder("""
            <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="bench"><decision id="routing" name="Routing">
            <decisionTable id="t" hitPolicy="UNIQUE">
            <input id="i1"><inputExpression typeRef="integer"><text>amount</text></inputExpression></input>
            <input id="i2"><inputExpression typeRef="string"><text>category</text></inputExpression></input>
            <input id="i3"><inputExpression typeRef="date"><text>reported</text></inputExpression></input>
            <output id="o1" name="team" typeRef="string"/><output id="o2" name="priority" typeRef="integer"/>
            """);
        for (var r = 0; r < 50; r++)
        {
            var category = Categories[r % Categories.Length];
            xml.Append(CultureInfo.InvariantCulture, $"""
                <rule id="r{r}"><inputEntry><text>[{r * 100}..{(r * 100) + 100})</text></inputEntry><inputEntry><text>"{category}","other"</text></inputEntry>
                <inputEntry><text>&gt;= date("2026-01-01")</text></inputEntry><outputEntry><text>"team-{r}"</text></outputEntry><outputEntry><text>{(r % 5) + 1}</text></outputEntry></rule>
                """);
        }

        return xml.Append("</decisionTable></decision></definitions>").ToString();
    }
}
