namespace WorkflowItsm.Bpmn.Model;

/// <summary>A <c>bpmn:message</c>; its name may contain an expression (resolved when a subscription opens).</summary>
public sealed record MessageDeclaration(string Id, ExpressionText? Name);

/// <summary>A <c>bpmn:signal</c>, broadcast by name.</summary>
public sealed record SignalDeclaration(string Id, string? Name);

/// <summary>A <c>bpmn:error</c>; catchers match on <see cref="ErrorCode"/>.</summary>
public sealed record ErrorDeclaration(string Id, string? Name, string? ErrorCode);

/// <summary>A <c>bpmn:escalation</c>; catchers match on <see cref="EscalationCode"/>.</summary>
public sealed record EscalationDeclaration(string Id, string? Name, string? EscalationCode);

/// <summary>A pool of a collaboration: which process it shows.</summary>
public sealed record Participant(string Id, string? Name, string? ProcessRef);

/// <summary>A message flow between pools; documentation only, the host correlates messages by name.</summary>
public sealed record MessageFlow(string Id, string? Name, string? SourceRef, string? TargetRef, string? MessageRef);

/// <summary>A <c>bpmn:collaboration</c>: pools and the message flows drawn between them.</summary>
public sealed record Collaboration(string Id, IReadOnlyList<Participant> Participants, IReadOnlyList<MessageFlow> MessageFlows);

/// <summary>A lane of a process (organisational grouping only; no execution meaning).</summary>
public sealed record Lane(string Id, string? Name, IReadOnlyList<string> FlowNodeRefs);
