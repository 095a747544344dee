namespace WorkflowItsm.Bpmn.Tests;

public class SmokeTests
{
    [Fact]
    public void Engine_assembly_loads() => typeof(SmokeTests).Assembly.Should().NotBeNull();
}
