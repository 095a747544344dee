using System.Text;
using WorkflowItsm.Bpmn.Parsing;
using WorkflowItsm.Bpmn.Tests.Support;
using WorkflowItsm.Bpmn.Validation;

namespace WorkflowItsm.Bpmn.Tests.Parsing;

/// <summary>Hostile uploads are refused with a problem, never an exception and never by doing the work.</summary>
public class ParserSecurityTests
{
    private readonly BpmnParser _parser = new();

    [Fact]
    public void External_entity_is_refused_without_reading_the_file()
    {
        var secret = Path.GetTempFileName();
        File.WriteAllText(secret, "TOP-SECRET");
        try
        {
            var xml = $"""
                <?xml version="1.0"?>
                <!DOCTYPE definitions [ <!ENTITY xxe SYSTEM "file://{secret}"> ]>
                {BpmnXml.Header}<bpmn:process id="p" name="&xxe;" isExecutable="true" /></bpmn:definitions>
                """;

            var result = _parser.Parse(xml);

            result.Definitions.Should().BeNull();
            result.Problems.Should().ContainSingle().Which.Code.Should().Be(BpmnProblemCodes.DtdProhibited);
            result.Problems[0].Message.Should().NotContain("TOP-SECRET");
        }
        finally
        {
            File.Delete(secret);
        }
    }

    [Fact]
    public void Billion_laughs_is_refused()
    {
        const string xml = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [
              <!ENTITY lol "lol">
              <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
              <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
              <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
              <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
            ]>
            <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d"><process id="p" name="&lol9;" /></definitions>
            """;

        var result = _parser.Parse(xml);

        result.Definitions.Should().BeNull();
        result.Problems.Should().ContainSingle().Which.Code.Should().Be(BpmnProblemCodes.DtdProhibited);
    }

    [Fact]
    public void Fifty_megabyte_string_is_refused_by_the_size_limit_before_reading()
    {
        var xml = BuildLargeDocument(50 * 1024 * 1024);
        var result = _parser.Parse(xml);

        result.Definitions.Should().BeNull();
        result.Problems.Should().ContainSingle().Which.Code.Should().Be(BpmnProblemCodes.DocumentTooLarge);
        result.Problems[0].Message.Should().Contain("limit");
    }

    [Fact]
    public void Fifty_megabyte_stream_stops_at_the_size_limit()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(BuildLargeDocument(50 * 1024 * 1024)));

        var result = _parser.Parse(stream);

        result.Definitions.Should().BeNull();
        result.Problems.Should().ContainSingle().Which.Code.Should().Be(BpmnProblemCodes.DocumentTooLarge);
        stream.Position.Should().BeLessThan(stream.Length / 2, "reading stops shortly after the 5 MB limit");
    }

    [Fact]
    public void Predefined_character_entities_are_not_limited()
    {
        var condition = string.Concat(Enumerable.Repeat("a &lt; b &amp;&amp; ", 2000)) + "true";
        var xml = BpmnXml.Process($"""
            <bpmn:startEvent id="s" /><bpmn:endEvent id="e" />
            <bpmn:sequenceFlow id="f" sourceRef="s" targetRef="e"><bpmn:conditionExpression>{condition}</bpmn:conditionExpression></bpmn:sequenceFlow>
            """);

        var result = _parser.Parse(xml);

        result.Problems.Should().BeEmpty();
        result.Definitions!.Processes[0].Graph.Flows[0].Condition!.Raw.Should().StartWith("a < b && ");
    }

    [Fact]
    public void Deeply_nested_document_is_refused()
    {
        var builder = new StringBuilder(BpmnXml.Header);
        for (var i = 0; i < 10_000; i++)
        {
            builder.Append("<bpmn:extensionElements>");
        }

        for (var i = 0; i < 10_000; i++)
        {
            builder.Append("</bpmn:extensionElements>");
        }

        builder.Append("</bpmn:definitions>");

        var result = _parser.Parse(builder.ToString());

        result.Definitions.Should().BeNull();
        result.Problems.Should().ContainSingle().Which.Code.Should().Be(BpmnProblemCodes.NestingTooDeep);
    }

    [Fact]
    public void Depth_limit_is_configurable()
    {
        var xml = BpmnXml.Process("""<bpmn:startEvent id="s" />""");

        new BpmnParser(new BpmnParserOptions { MaxDepth = 2 }).Parse(xml).Problems
            .Should().ContainSingle().Which.Code.Should().Be(BpmnProblemCodes.NestingTooDeep);
        new BpmnParser(new BpmnParserOptions { MaxDepth = 3 }).Parse(xml).Problems.Should().BeEmpty();
    }

    [Fact]
    public void Malformed_xml_is_a_problem_with_line_and_position()
    {
        var result = _parser.Parse("<bpmn:definitions xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\">\n  <bpmn:process id=\"p\">\n</bpmn:definitions>");

        result.Definitions.Should().BeNull();
        var problem = result.Problems.Should().ContainSingle().Subject;
        problem.Code.Should().Be(BpmnProblemCodes.MalformedXml);
        problem.Message.Should().Contain("line 3");
    }

    [Theory]
    [InlineData("")]
    [InlineData("not xml at all")]
    [InlineData("<definitions id=\"d\" />")]
    [InlineData("<bpmn:definitions xmlns:bpmn=\"http://example.com/other\" />")]
    public void Garbage_never_throws(string xml)
    {
        var result = _parser.Parse(xml);

        result.Definitions.Should().BeNull();
        result.Problems.Should().NotBeEmpty();
        result.Succeeded.Should().BeFalse();
    }

    private static string BuildLargeDocument(int size)
    {
        var builder = new StringBuilder(size + 1024);
        builder.Append(BpmnXml.Header).Append("<bpmn:process id=\"p\" isExecutable=\"true\"><bpmn:documentation>");
        builder.Append('x', size);
        builder.Append("</bpmn:documentation></bpmn:process></bpmn:definitions>");
        return builder.ToString();
    }
}
