using WorkflowItsm.Itsm.Requests;
using WorkflowItsm.Web.Requests;

namespace WorkflowItsm.Web.Tests.Requests;

/// <summary>The catalog's pages show stored values in people's words: a choice's label, yes or no, a model's name — never the key stored.</summary>
public sealed class RequestDisplayTests
{
    private static readonly Dictionary<int, string> Models = new() { [7] = "Lenovo ThinkPad X1 Carbon" };

    [Fact]
    public void A_stored_value_reads_as_its_label()
    {
        var dock = new CatalogVariable { Key = "dockModel", Label = "Dock model", Type = VariableType.Choice, Choices = [new VariableChoice("usb-c", "USB-C dock")] };
        var apps = new CatalogVariable
        {
            Key = "apps", Label = "Apps", Type = VariableType.MultipleChoice, Choices = [new VariableChoice("a", "Acrobat"), new VariableChoice("o", "Office")],
        };

        RequestDisplay.ValueText(dock, "usb-c", Models).Should().Be("USB-C dock");
        RequestDisplay.ValueText(new CatalogVariable { Key = "dock", Type = VariableType.YesNo }, "true", Models).Should().Be("Yes");
        RequestDisplay.ValueText(new CatalogVariable { Key = "dock", Type = VariableType.YesNo }, "false", Models).Should().Be("No");
        RequestDisplay.ValueText(new CatalogVariable { Key = "model", Type = VariableType.AssetModel }, "7", Models).Should().Be("Lenovo ThinkPad X1 Carbon");
        RequestDisplay.ValueText(apps, """["o","a"]""", Models).Should().Be("Office, Acrobat");
        RequestDisplay.ValueText(null, "kept as stored", Models).Should().Be("kept as stored", "a variable the version no longer knows shows its value");
    }

    [Fact]
    public void A_stage_has_a_colour_readable_on_a_chip()
    {
        RequestDisplay.StageColor(RequestedItemState.ClosedComplete).Should().Be(MudBlazor.Color.Success);
        RequestDisplay.StageColor(RequestedItemState.ClosedIncomplete).Should().Be(MudBlazor.Color.Error);
        RequestDisplay.StageColor(RequestedItemState.AwaitingApproval).Should().Be(MudBlazor.Color.Warning);
        RequestDisplay.Money(1650m).Should().Be("1,650");
    }
}
