using WorkflowItsm.Bpmn.Model;
using WorkflowItsm.Bpmn.Parsing;
using WorkflowItsm.Bpmn.Tests.Support;
using WorkflowItsm.Bpmn.Timers;

namespace WorkflowItsm.Bpmn.Tests.Parsing;

public class BpmnParserTests
{
    private static BpmnDefinitions Parse(string xml)
    {
        var result = new BpmnParser().Parse(xml);
        result.Problems.Should().BeEmpty();
        return result.Definitions!;
    }

    [Fact]
    public void A_form_fields_properties_are_read_by_id_and_name_a_suggestion()
    {
        var definitions = Parse(BpmnXml.Process("""
            <bpmn:startEvent id="s">
              <bpmn:extensionElements>
                <camunda:formData>
                  <camunda:formField id="summary" type="string" />
                  <camunda:formField id="category" type="enum">
                    <camunda:properties>
                      <camunda:property id="suggestFrom" value="summary" />
                      <camunda:property id="suggester" value="incident-category" />
                    </camunda:properties>
                    <camunda:value id="network" name="Network" />
                  </camunda:formField>
                </camunda:formData>
              </bpmn:extensionElements>
            </bpmn:startEvent>
            """));

        var fields = definitions.Processes[0].Graph.NoneStartEvent!.FormFields;
        fields[1].Properties.Should().Equal(new Dictionary<string, string> { ["suggestFrom"] = "summary", ["suggester"] = "incident-category" });
        fields[1].Suggestion.Should().Be(("summary", "incident-category"));
        fields[1].Values.Select(v => v.Id).Should().Equal("network");
        fields[0].Properties.Should().BeEmpty();
        fields[0].Suggestion.Should().BeNull();
    }

    [Fact]
    public void Camunda_7_legacy_form_properties_are_read_as_the_form_fields_they_amount_to()
    {
        var definitions = Parse(BpmnXml.Process("""
            <bpmn:startEvent id="s">
              <bpmn:extensionElements>
                <camunda:formProperty id="numberOfDays" name="Number of days" type="long" value="1" required="true" />
                <camunda:formProperty id="startDate" name="First day" datePattern="dd-MM-yyyy hh:mm" type="date" />
                <camunda:formProperty id="itemName" variable="item" writable="false" default="laptop" />
                <camunda:formProperty id="secret" readable="false" />
                <camunda:formProperty id="decision" name="Do you approve" type="enum" required="true">
                  <camunda:value id="true" name="Approve" />
                  <camunda:value id="false" name="Reject" />
                </camunda:formProperty>
              </bpmn:extensionElements>
            </bpmn:startEvent>
            """));

        var fields = definitions.Processes[0].Graph.NoneStartEvent!.FormFields;
        fields.Select(f => (f.Id, f.Label, f.Type)).Should().Equal(
            ("numberOfDays", "Number of days", FormFieldType.Long), ("startDate", "First day", FormFieldType.Date),
            ("item", null, FormFieldType.String), ("decision", "Do you approve", FormFieldType.Enum));
        fields[0].IsRequired.Should().BeTrue();
        fields[1].IsRequired.Should().BeFalse();
        fields[1].Properties.Should().Contain("datePattern", "dd-MM-yyyy hh:mm");
        fields[2].Constraints.Should().Equal(new FormConstraint("readonly", null));
        fields[2].DefaultValue.Should().Be("laptop");
        fields[3].Values.Should().Equal(new FormFieldValue("true", "Approve"), new FormFieldValue("false", "Reject"));
        FormValidation.Validate(fields, new Dictionary<string, object?> { ["decision"] = "true" })
            .Should().ContainSingle(e => e.FieldId == "numberOfDays", "a required property must be given");
    }

    [Fact]
    public void A_form_property_bound_to_an_expression_is_refused_with_its_element()
    {
        var result = new BpmnParser().Parse(BpmnXml.Process("""
            <bpmn:startEvent id="s">
              <bpmn:extensionElements><camunda:formProperty id="speaker" expression="#{conference.speaker}" /></bpmn:extensionElements>
            </bpmn:startEvent>
            """));

        result.Definitions!.Processes[0].Graph.NoneStartEvent!.UnsupportedFeatures.Should().Contain("camunda:formProperty bound to an expression");
    }

    [Fact]
    public void A_camunda_7_email_task_calls_the_mail_handler_with_its_fields()
    {
        var definitions = Parse(BpmnXml.Process("""
            <bpmn:sendTask id="mail" camunda:type="mail">
              <bpmn:extensionElements>
                <camunda:field name="to" expression="${customerEmail}" />
                <camunda:field name="subject" stringValue="Shipped" />
              </bpmn:extensionElements>
            </bpmn:sendTask>
            """));

        var task = (ServiceTask)definitions.Processes[0].FindNode("mail")!;
        task.Implementation!.HandlerName.Should().Be(ServiceImplementation.MailHandler);
        task.Implementation.Fields.Select(f => (f.Name, f.IsExpression)).Should().Equal(("to", true), ("subject", false));
        task.UnsupportedFeatures.Should().BeEmpty();
    }

    [Fact]
    public void A_shell_task_is_refused_on_purpose_saying_to_make_it_an_external_task()
    {
        var definitions = Parse(BpmnXml.Process("""<bpmn:serviceTask id="backup" camunda:type="shell" />"""));

        definitions.Processes[0].FindNode("backup")!.UnsupportedFeatures.Should().ContainSingle()
            .Which.Should().Contain("camunda:type=\"shell\"").And.Contain("external task");
    }

    [Fact]
    public void A_signal_throw_may_ask_for_asynchronous_delivery_which_it_always_gets()
    {
        var definitions = Parse(BpmnXml.Process("""
            <bpmn:intermediateThrowEvent id="tell"><bpmn:signalEventDefinition signalRef="s1" camunda:async="true" /></bpmn:intermediateThrowEvent>
            <bpmn:intermediateThrowEvent id="odd"><bpmn:signalEventDefinition signalRef="s1" camunda:asyncAfter="true" /></bpmn:intermediateThrowEvent>
            """));

        definitions.Processes[0].FindNode("tell")!.UnsupportedFeatures.Should().BeEmpty("the runtime forwards a thrown signal after the step commits");
        definitions.Processes[0].FindNode("odd")!.UnsupportedFeatures.Should().Equal("camunda:asyncAfter on signalEventDefinition");
    }

    [Fact]
    public void Incident_triage_is_read_with_its_graph_and_camunda_attributes()
    {
        var definitions = Parse(BpmnXml.Workflow("incident-triage.bpmn"));

        var process = definitions.Processes.Should().ContainSingle().Subject;
        process.Id.Should().Be("incident-triage");
        process.IsExecutable.Should().BeTrue();
        process.VersionTag.Should().Be("1.0");
        process.Graph.Nodes.Should().HaveCount(13);
        process.Graph.Flows.Should().HaveCount(11);

        var start = process.Graph.NoneStartEvent!;
        start.Initiator.Should().Be("reportedBy");
        start.FormFields.Select(f => (f.Id, f.Type)).Should().Equal(
            ("impact", FormFieldType.Long), ("urgency", FormFieldType.Long), ("shortDescription", FormFieldType.String));
        start.FormFields[0].IsRequired.Should().BeTrue();
        start.FormFields[0].Constraints.Should().Contain(new FormConstraint("max", "3"));

        var gateway = (Gateway)process.FindNode("PriorityGateway")!;
        gateway.DefaultFlow!.Id.Should().Be("Flow_Normal");
        gateway.Outgoing.Single(f => f.Id == "Flow_High").Condition!.Kind.Should().Be(ExpressionTextKind.Expression);

        var task = (UserTask)process.FindNode("ResolveHighPriorityIncident")!;
        task.CandidateGroups!.Raw.Should().Be("service-desk-l2");
        task.BoundaryEvents.Should().ContainSingle().Which.Id.Should().Be("HighSlaWarningTimer");
        var timer = (TimerEventDefinition)task.BoundaryEvents[0].Definition!;
        (timer.Kind, timer.Value!.Raw).Should().Be((TimerKind.Duration, "PT4H"));
        task.BoundaryEvents[0].CancelActivity.Should().BeFalse();

        var notify = (ServiceTask)process.FindNode("NotifySlaWarning")!;
        notify.Implementation!.HandlerName.Should().Be("notify.sla-warning");
        notify.InputOutput!.Inputs.Select(i => i.Name).Should().Equal("group", "slaHours");
    }

    [Fact]
    public void Reachability_is_precomputed_per_graph()
    {
        var process = Parse(BpmnXml.Workflow("incident-triage.bpmn")).Processes[0];
        var graph = process.Graph;
        FlowNode Node(string id) => process.FindNode(id)!;

        graph.CanReach(Node("IncidentReported"), Node("IncidentResolved")).Should().BeTrue();
        graph.CanReach(Node("ResolveIncident"), Node("SlaWarningSent")).Should().BeTrue("boundary events count as successors");
        graph.CanReach(Node("ResolveIncident"), Node("HighSlaWarningSent")).Should().BeFalse();
        graph.CanReach(Node("IncidentResolved"), Node("IncidentReported")).Should().BeFalse();
    }

    [Fact]
    public void Camunda_extensions_fixture_reads_every_extension()
    {
        var definitions = Parse(BpmnXml.Fixture("camunda-extensions.bpmn"));
        var process = definitions.Processes.Single();

        definitions.Collaboration!.Participants.Select(p => p.ProcessRef).Should().Equal("extensions", null);
        definitions.Collaboration.MessageFlows.Should().ContainSingle().Which.MessageRef.Should().Be("Message_Reply");
        definitions.Errors["Error_NotFound"].ErrorCode.Should().Be("NOT_FOUND");
        definitions.Escalations["Escalation_Late"].EscalationCode.Should().Be("LATE");
        process.Lanes.Select(l => l.Name).Should().Equal("Agents", "System");
        process.CandidateStarterGroups.Should().Equal("agents", "managers");

        var review = (UserTask)process.FindNode("Review")!;
        review.Assignee!.Kind.Should().Be(ExpressionTextKind.Expression);
        review.CandidateUsers!.Raw.Should().Be("ann, bob");
        review.DueDate!.Raw.Should().Be("P2D");
        review.Priority!.Raw.Should().Be("80");
        review.FormKey.Should().Be("camunda-forms:deployment:review.form");
        review.AsyncBefore.Should().BeTrue();
        review.FailedJobRetryTimeCycle.Should().Be("R5/PT10M");
        review.Properties.Should().Contain("correlationKey", "${ticket}");
        review.FormFields.Select(f => f.Type).Should().Equal(FormFieldType.Enum, FormFieldType.String, FormFieldType.Date, FormFieldType.Boolean);
        review.FormFields[0].Values.Select(v => v.Id).Should().Equal("approve", "reject");
        review.FormFields[0].DefaultValue.Should().Be("approve");
        review.FormFields[1].Constraints.Select(c => c.Name).Should().Equal("required", "minlength", "pattern");
        review.MultiInstance.Should().Be(new MultiInstanceLoop(true, null, new ExpressionText("${reviewers}"), "reviewer",
            new ExpressionText("${nrOfCompletedInstances >= 2}")));

        var lookup = (ServiceTask)process.FindNode("Lookup")!;
        lookup.Implementation.Should().Be(new ServiceImplementation(ImplementationKind.External, "cmdb-lookup", null));
        lookup.AsyncAfter.Should().BeTrue();
        var inputs = lookup.InputOutput!.Inputs;
        inputs[0].Value.Should().Be(new IoTextValue(new ExpressionText("${ciId}")));
        ((IoListValue)inputs[1].Value).Items.Should().HaveCount(2);
        ((IoMapValue)inputs[2].Value).Entries.Select(e => e.Key).Should().Equal("depth", "owner");
        ((IoScriptValue)inputs[3].Value).ScriptFormat.Should().Be("javascript");
        lookup.InputOutput.Outputs.Should().ContainSingle().Which.Name.Should().Be("ciName");
        var notFound = lookup.BoundaryEvents.Should().ContainSingle().Subject;
        var error = (ErrorEventDefinition)notFound.Definition!;
        (error.ErrorCode, error.ErrorCodeVariable, error.ErrorMessageVariable).Should().Be(("NOT_FOUND", "code", "why"));

        var call = (CallActivity)process.FindNode("CallChange")!;
        call.CalledElement!.Raw.Should().Be("change-approval");
        call.Binding.Should().Be(CalledElementBinding.Version);
        call.CalledElementVersion!.Raw.Should().Be("3");
        call.InMappings.Should().HaveCount(3);
        call.InMappings[1].AllVariables.Should().BeTrue();
        call.InMappings[2].Should().Match<CallVariableMapping>(m => m.Source == "ciName" && m.Target == "configurationItem");
        call.OutMappings.Single().SourceExpression!.Raw.Should().Be("${approved}");

        ((ReceiveTask)process.FindNode("WaitForReply")!).Message!.Name!.Raw.Should().Be("customer-reply");
        ((SignalEventDefinition)((EndEvent)process.FindNode("NotFoundEnd")!).Definition!).Signal!.Name.Should().Be("major-incident");
    }

    [Fact]
    public void Diagram_interchange_is_skipped_and_unknown_elements_become_unsupported_nodes()
    {
        var xml = BpmnXml.Process("""
            <bpmn:startEvent id="s" />
            <bpmn:complexGateway id="complex" />
            <bpmn:adHocSubProcess id="adHoc" />
            <bpmn:task id="t" camunda:asyncBefore="true" camunda:madeUp="x"><bpmn:standardLoopCharacteristics /></bpmn:task>
            <bpmn:textAnnotation id="note"><bpmn:text>ignored</bpmn:text></bpmn:textAnnotation>
            """);

        var process = Parse(xml).Processes[0];

        process.FindNode("complex").Should().BeOfType<UnsupportedNode>().Which.ElementName.Should().Be("complexGateway");
        process.FindNode("adHoc").Should().BeOfType<UnsupportedNode>();
        process.FindNode("note").Should().BeNull();
        process.FindNode("t")!.UnsupportedFeatures.Should().BeEquivalentTo("camunda:madeUp on task", "standardLoopCharacteristics inside task");
    }

    [Fact]
    public void Missing_and_duplicate_ids_are_parse_problems()
    {
        var result = new BpmnParser().Parse(BpmnXml.Process("""<bpmn:startEvent /><bpmn:endEvent id="e" /><bpmn:task id="e" />"""));

        result.Definitions.Should().NotBeNull();
        result.Problems.Select(p => p.Code).Should().BeEquivalentTo("BPMN007", "BPMN006");
        result.Problems.Single(p => p.Code == "BPMN006").ElementId.Should().Be("e");
    }
}
