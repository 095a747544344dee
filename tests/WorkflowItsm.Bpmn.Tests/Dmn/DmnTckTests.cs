using System.Globalization;
using System.Xml.Linq;
using WorkflowItsm.Bpmn.Dmn;

namespace WorkflowItsm.Bpmn.Tests.Dmn;

/// <summary>
/// The public DMN TCK's compliance-level-2 decision tables (Tck/, read as data): each test case's inputs are
/// evaluated and compared with its expected result.
/// </summary>
public sealed class DmnTckTests
{
    private static readonly XNamespace Ns = "http://www.omg.org/spec/DMN/20160719/testcase";
    private static readonly XNamespace Xsi = "http://www.w3.org/2001/XMLSchema-instance";
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Dmn", "Tck");

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var file in Directory.GetFiles(Folder, "*-test-01.xml").Order(StringComparer.Ordinal))
        {
            foreach (var testCase in XDocument.Load(file).Root!.Elements(Ns + "testCase"))
            {
                data.Add(Path.GetFileName(file), testCase.Attribute("id")!.Value);
            }
        }

        return data;
    }

    [Fact]
    public void The_tck_folder_holds_the_cases() => Cases().Count.Should().BeGreaterThan(30);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Tck_case_gives_the_expected_result(string testFile, string caseId)
    {
        var tests = XDocument.Load(Path.Combine(Folder, testFile)).Root!;
        var model = DmnParser.Parse(File.ReadAllText(Path.Combine(Folder, tests.Element(Ns + "modelName")!.Value)));
        var testCase = tests.Elements(Ns + "testCase").Single(element => element.Attribute("id")!.Value == caseId);
        var variables = testCase.Elements(Ns + "inputNode")
            .ToDictionary(node => node.Attribute("name")!.Value, node => Value(node.Element(Ns + "value")), StringComparer.Ordinal);

        foreach (var resultNode in testCase.Elements(Ns + "resultNode"))
        {
            var decision = model.Decisions.Single(d => d.Name == resultNode.Attribute("name")!.Value);
            var result = decision.Evaluate(variables);
            var expected = resultNode.Element(Ns + "expected")!;
            Actual(result, expected).Should().BeEquivalentTo(Expected(expected), $"case {caseId} of {testFile}");
        }
    }

    /// <summary>The result shaped like the expectation: one value, one structure, or a list of either.</summary>
    private static object? Actual(DmnDecisionResult result, XElement expected)
    {
        if (expected.Element(Ns + "list") is { } list)
        {
            var hasComponents = list.Elements(Ns + "item").Any(item => item.Element(Ns + "component") is not null);
            return hasComponents
                ? result.Select(entry => (object?)entry.ToDictionary(pair => pair.Key, pair => Normalize(pair.Value))).ToList()
                : result.Select(entry => Normalize(entry.Values.Single())).ToList();
        }

        if (expected.Element(Ns + "component") is not null)
        {
            return result.SingleResult?.ToDictionary(pair => pair.Key, pair => Normalize(pair.Value));
        }

        return Normalize(result.SingleEntry);
    }

    private static object? Expected(XElement expected)
    {
        if (expected.Element(Ns + "list") is { } list)
        {
            return list.Elements(Ns + "item").Select(item => item.Element(Ns + "component") is not null ? Components(item) : Normalize(Value(item.Element(Ns + "value")))).ToList();
        }

        return expected.Element(Ns + "component") is not null ? Components(expected) : Normalize(Value(expected.Element(Ns + "value")));
    }

    private static Dictionary<string, object?> Components(XElement parent) =>
        parent.Elements(Ns + "component").ToDictionary(c => c.Attribute("name")!.Value, c => Normalize(Value(c.Element(Ns + "value"))));

    private static object? Value(XElement? value)
    {
        if (value is null || value.Attribute(Xsi + "nil")?.Value == "true")
        {
            return null;
        }

        return value.Attribute(Xsi + "type")?.Value switch
        {
            "xsd:decimal" or "xsd:double" => decimal.Parse(value.Value, CultureInfo.InvariantCulture),
            "xsd:boolean" => bool.Parse(value.Value),
            _ => value.Value,
        };
    }

    /// <summary>Numbers compared as decimals whatever CLR type carries them.</summary>
    private static object? Normalize(object? value) => value switch
    {
        long l => (decimal)l,
        double d => (decimal)d,
        _ => value,
    };
}
