namespace WorkflowItsm.Testing;

/// <summary>BPMN of the smallest timer process, for tests and load tools about timers.</summary>
public static class TimerProcesses
{
    /// <summary>Start → an intermediate timer (id Wait) of <paramref name="duration"/> (ISO 8601) → end, as process <paramref name="key"/>.</summary>
    public static string StartWaitEnd(string key, string duration) => $"""
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D_{key}" targetNamespace="http://workflowitsm.test">
          <bpmn:process id="{key}" isExecutable="true">
            <bpmn:startEvent id="Start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
            <bpmn:intermediateCatchEvent id="Wait"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
              <bpmn:timerEventDefinition><bpmn:timeDuration>{duration}</bpmn:timeDuration></bpmn:timerEventDefinition>
            </bpmn:intermediateCatchEvent>
            <bpmn:endEvent id="End"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Wait" />
            <bpmn:sequenceFlow id="f2" sourceRef="Wait" targetRef="End" />
          </bpmn:process>
        </bpmn:definitions>
        """;
}
