namespace WorkflowItsm.Testing;

/// <summary>A small process that uses the approval engine exactly as the reference workflows do (issue 18).</summary>
public static class ApprovalContract
{
    /// <summary>The process key of <see cref="Bpmn"/>.</summary>
    public const string Key = "approval-contract";

    /// <summary>
    /// The contract: approvals.request reads recordNumber and approvalRule and sets approvalId and approvers; a
    /// parallel multi-instance user task per approver ends when approvalDecided; a gateway reads approvalOutcome.
    /// </summary>
    public const string Bpmn = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
            xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="approval-contract-defs" targetNamespace="http://workflowitsm.test">
          <bpmn:process id="approval-contract" name="Approval contract" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="request" />
            <bpmn:serviceTask id="request" name="Request approval" camunda:delegateExpression="${approvals.request}" />
            <bpmn:sequenceFlow id="f2" sourceRef="request" targetRef="vote" />
            <bpmn:userTask id="vote" name="Approve change" camunda:assignee="${approver}">
              <bpmn:multiInstanceLoopCharacteristics camunda:collection="${approvers}" camunda:elementVariable="approver">
                <bpmn:completionCondition xsi:type="bpmn:tFormalExpression">${approvalDecided}</bpmn:completionCondition>
              </bpmn:multiInstanceLoopCharacteristics>
            </bpmn:userTask>
            <bpmn:sequenceFlow id="f3" sourceRef="vote" targetRef="decided" />
            <bpmn:exclusiveGateway id="decided" name="Approved?" />
            <bpmn:sequenceFlow id="yes" sourceRef="decided" targetRef="schedule">
              <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${approvalOutcome == 'approved'}</bpmn:conditionExpression>
            </bpmn:sequenceFlow>
            <bpmn:sequenceFlow id="no" sourceRef="decided" targetRef="rework">
              <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${approvalOutcome == 'rejected'}</bpmn:conditionExpression>
            </bpmn:sequenceFlow>
            <bpmn:userTask id="schedule" name="Schedule change" camunda:candidateGroups="change-managers" />
            <bpmn:userTask id="rework" name="Rework change" camunda:candidateGroups="change-managers" />
            <bpmn:sequenceFlow id="f4" sourceRef="schedule" targetRef="end" />
            <bpmn:sequenceFlow id="f5" sourceRef="rework" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
        </bpmn:definitions>
        """;
}
