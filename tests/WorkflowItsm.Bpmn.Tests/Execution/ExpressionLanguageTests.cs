using WorkflowItsm.Bpmn.Execution;
using WorkflowItsm.Bpmn.Model;
using WorkflowItsm.Bpmn.Parsing;
using WorkflowItsm.Bpmn.Tests.Support;
using WorkflowItsm.Bpmn.Validation;
using static WorkflowItsm.Bpmn.Tests.Support.BpmnXml;

namespace WorkflowItsm.Bpmn.Tests.Execution;

/// <summary>
/// Issue 24: a model that declares the Camunda namespace speaks JUEL in its <c>${…}</c>, as Camunda 7 runs it; one that
/// does not speaks JavaScript; the definitions' <c>expressionLanguage</c> and a condition's <c>language</c> decide over
/// that. With <c>x = "1"</c> and <c>y = "2"</c>, <c>${x + y == 3}</c> is true in JUEL (strings become numbers) and false
/// in JavaScript ("12").
/// </summary>
public class ExpressionLanguageTests
{
    private const string PlainHeader =
        """<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="Definitions_1" targetNamespace="http://bpmn.io/schema/bpmn">""";

    private static string Gateway(string condition, string? language = null) => $"""
        <bpmn:startEvent id="s" />
        <bpmn:exclusiveGateway id="g" default="other" />
        <bpmn:userTask id="sum" />
        <bpmn:userTask id="notSum" />
        {Flow("f1", "s", "g")}
        <bpmn:sequenceFlow id="isSum" sourceRef="g" targetRef="sum"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression"{(language is null ? "" : $" language=\"{language}\"")}>{System.Security.SecurityElement.Escape(condition)}</bpmn:conditionExpression></bpmn:sequenceFlow>
        {Flow("other", "g", "notSum")}
        """;

    private static async Task<string> EndOfAsync(string xml)
    {
        var runner = ProcessRunner.FromXml(xml);
        var result = await runner.StartAsync(new() { ["x"] = "1", ["y"] = "2" });
        result.Status.Should().Be(ExecutionStatus.Running);
        return runner.TokenPositions.Should().ContainSingle().Subject;
    }

    [Fact]
    public async Task A_Camunda_model_speaks_JUEL_and_converts_strings_to_numbers()
    {
        new BpmnParser().Parse(Process(Gateway(Expr("x + y == 3")))).Definitions!.ExpressionLanguage.Should().Be(ExpressionLanguage.Juel);
        (await EndOfAsync(Process(Gateway(Expr("x + y == 3"))))).Should().Be("sum");
        (await EndOfAsync(Process(Gateway(Expr("not (x eq y) and empty execution.getVariable('z')")))))
            .Should().Be("sum", "not, eq, and, empty and execution.getVariable are JUEL");
    }

    [Fact]
    public async Task A_model_without_the_Camunda_namespace_speaks_JavaScript()
    {
        var xml = Process(Gateway(Expr("x + y == 3"))).Replace(Header, PlainHeader, StringComparison.Ordinal);
        new BpmnParser().Parse(xml).Definitions!.ExpressionLanguage.Should().Be(ExpressionLanguage.JavaScript);
        (await EndOfAsync(xml)).Should().Be("notSum", "\"1\" + \"2\" is \"12\" in JavaScript");
    }

    [Fact]
    public async Task The_definitions_expression_language_and_a_conditions_language_decide_over_the_namespace()
    {
        var javaScript = Process(Gateway(Expr("x + y == 3")))
            .Replace("id=\"Definitions_1\"", "id=\"Definitions_1\" expressionLanguage=\"https://ecma-international.org/ecma-262/\"", StringComparison.Ordinal);
        new BpmnParser().Parse(javaScript).Definitions!.ExpressionLanguage.Should().Be(ExpressionLanguage.JavaScript);
        (await EndOfAsync(javaScript)).Should().Be("notSum");

        (await EndOfAsync(Process(Gateway("x + y == 3", language: "javascript")))).Should().Be("notSum", "the condition says JavaScript");
        (await EndOfAsync(Process(Gateway("x + y == 3", language: "juel")))).Should().Be("sum", "the condition says JUEL");
    }

    [Fact]
    public void A_JUEL_expression_that_does_not_parse_is_refused_at_deployment_naming_its_element()
    {
        var parsed = new BpmnParser().Parse(Process(Gateway(Expr("x + "))));
        var problems = new BpmnValidator(new BpmnValidatorOptions { Scripts = Scripts.Jint }).Validate(parsed);
        problems.Should().ContainSingle(p => p.Severity == BpmnProblemSeverity.Error)
            .Which.Should().Match<BpmnProblem>(p => p.ElementId == "isSum" && p.Code == BpmnProblemCodes.ScriptDoesNotCompile && p.Message.Contains("JUEL"));
    }

    private static string ScriptTask(string format, string script) => $"""
        <bpmn:startEvent id="s" />
        <bpmn:scriptTask id="add" scriptFormat="{format}" camunda:resultVariable="total"><bpmn:script>{System.Security.SecurityElement.Escape(script)}</bpmn:script></bpmn:scriptTask>
        <bpmn:userTask id="wait" />
        {Flow("f1", "s", "add")}
        {Flow("f2", "add", "wait")}
        """;

    [Fact]
    public async Task A_JUEL_script_task_runs_as_JUEL_and_its_value_is_the_result()
    {
        // Found by reading: scriptFormat="juel" passed validation as JavaScript and ran in the JavaScript engine.
        var runner = ProcessRunner.FromXml(Process(ScriptTask("juel", Expr("x + y"))));
        await runner.StartAsync(new() { ["x"] = "1", ["y"] = "2" });
        runner.Variables["total"].Should().BeOfType<long>().Which.Should().Be(3, "JUEL adds \"1\" and \"2\" as numbers");

        var javaScript = ProcessRunner.FromXml(Process(ScriptTask("javascript", "x + y")));
        await javaScript.StartAsync(new() { ["x"] = "1", ["y"] = "2" });
        javaScript.Variables["total"].Should().Be("12");
    }

    [Fact]
    public void A_JUEL_script_is_checked_as_JUEL_at_deployment_and_an_EL_condition_language_is_accepted()
    {
        var validator = new BpmnValidator(new BpmnValidatorOptions { Scripts = Scripts.Jint });
        validator.Validate(new BpmnParser().Parse(Process(ScriptTask("juel", Expr("x +")))))
            .Should().ContainSingle(p => p.Severity == BpmnProblemSeverity.Error)
            .Which.Should().Match<BpmnProblem>(p => p.ElementId == "add" && p.Message.Contains("JUEL"));
        validator.Validate(new BpmnParser().Parse(Process(ScriptTask("groovy", "x + y"))))
            .Should().ContainSingle(p => p.Severity == BpmnProblemSeverity.Error)
            .Which.Code.Should().Be(BpmnProblemCodes.UnsupportedScriptFormat);
        validator.Validate(new BpmnParser().Parse(Process(Gateway(Expr("x == y"), language: "http://java.sun.com/products/jsp/"))))
            .Should().NotContain(p => p.Severity == BpmnProblemSeverity.Error, "the JSP EL URI names JUEL, which the engine runs");
    }
}
