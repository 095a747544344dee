using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using WorkflowItsm.Itsm.Configuration;
using WorkflowItsm.Web.Modules;

namespace WorkflowItsm.Web.Configuration;

/// <summary>
/// A CI and its neighbours as a graph (cytoscape, laid out by dagre, in the browser): the page keeps what is shown and
/// reads neighbours a page at a time on the server (<see cref="CiNeighbours"/>), so a switch with 10,000 relations
/// adds 50 nodes and a "+N more" node, never the whole neighbourhood. "Show impact" adds and highlights what an
/// outage of the CI hits, "What it depends on" what it needs (<see cref="ImpactAnalysis"/>). Beneath the canvas the
/// same nodes and relations as lists, for screen readers, keyboards and phones.
/// </summary>
public sealed partial class CiGraphPage
{
    /// <summary>Neighbours added per click.</summary>
    public const int PageSize = 50;

    /// <summary>CIs an impact analysis adds to the graph at most; the status line says how many there are in all.</summary>
    public const int ImpactShown = 100;

    private const string ModulePath = "./cmdb/dist/cmdbgraph.js";

    private readonly Dictionary<string, CiGraphNode> nodes = [];
    private readonly Dictionary<string, GraphLink> links = [];

    /// <summary>The CIs whose neighbours were read, with how many relations so far.</summary>
    private readonly Dictionary<string, int> expanded = [];

    /// <summary>"+N more" nodes by their id: whose neighbours, from where, how many.</summary>
    private readonly Dictionary<string, MoreNode> moreNodes = [];
    private HashSet<string> highlighted = [];
    private ElementReference canvas;
    private IJSObjectReference? module;
    private DotNetObjectReference<CiGraphPage>? self;
    private int graph;
    private CiGraphNode? root;
    private GraphMode mode;
    private string? status;
    private bool notFound;

    private enum GraphMode
    {
        Relations,
        Impact,
        DependsOn,
    }

    private sealed record GraphLink(string Id, string Source, string Target, string Words);

    private sealed record MoreNode(string Number, int Skip, int Count);

    [Parameter] public string Number { get; set; } = "";

    [Inject] private IServiceScopeFactory Scopes { get; set; } = null!;

    [Inject] private RecordPages RecordPages { get; set; } = null!;

    [Inject] private IJSRuntime JS { get; set; } = null!;

    private string CanvasLabel => root is null
        ? "Relations graph"
        : $"Relations graph of {root.Name}: {nodes.Count} configuration items and {links.Count} relations, listed below";

    private IEnumerable<CiGraphNode> OrderedNodes => nodes.Values
        .OrderBy(n => n.Number == root?.Number ? 0 : 1).ThenBy(n => n.Name, StringComparer.CurrentCultureIgnoreCase);

    private string? Highlight(string number) => highlighted.Contains(number) ? (mode == GraphMode.Impact ? "impacted" : "dependency") : null;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
        {
            return;
        }

        var first = await PageAsync(Number, 0);
        if (first is null)
        {
            notFound = true;
            StateHasChanged();
            return;
        }

        module = await JS.InvokeAsync<IJSObjectReference>("import", ModulePath);
        self = DotNetObjectReference.Create(this);
        graph = await module.InvokeAsync<int>("create", canvas, self);
        root = first.Ci;
        await ShowAsync(first, removedMore: null);
        StateHasChanged();
    }

    /// <summary>A click on the canvas: a CI shows its neighbours, a "+N more" node the next ones.</summary>
    [JSInvokable]
    public Task NodeClicked(string id) =>
        InvokeAsync(async () =>
        {
            if (moreNodes.ContainsKey(id))
            {
                await ExpandMoreAsync(id);
            }
            else if (expanded.ContainsKey(id))
            {
                status = $"{nodes[id].Name}: all its neighbours are shown.";
            }
            else
            {
                await ExpandAsync(id);
            }

            StateHasChanged();
        });

    private async Task ExpandAsync(string number)
    {
        if (expanded.ContainsKey(number) || await PageAsync(number, 0) is not { } page)
        {
            return;
        }

        await ShowAsync(page, removedMore: null);
    }

    private async Task ExpandMoreAsync(string id)
    {
        if (!moreNodes.Remove(id, out var more) || await PageAsync(more.Number, more.Skip) is not { } page)
        {
            return;
        }

        await ShowAsync(page, removedMore: id);
    }

    private async Task<CiNeighbourhood?> PageAsync(string number, int skip)
    {
        await using var scope = Scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CiNeighbours>().PageAsync(number, skip, PageSize, CancellationToken.None);
    }

    /// <summary>Adds a page of neighbours (and a "+N more" node when there are more) to the lists and the canvas.</summary>
    private async Task ShowAsync(CiNeighbourhood page, string? removedMore)
    {
        var number = page.Ci.Number;
        var newNodes = new List<CiGraphNode>();
        foreach (var node in page.Nodes.Prepend(page.Ci))
        {
            if (nodes.TryAdd(node.Number, node))
            {
                newNodes.Add(node);
            }
        }

        var newLinks = page.Edges.Select(e => new GraphLink($"r{e.Id}", e.Source, e.Target, e.Words)).Where(l => links.TryAdd(l.Id, l)).ToList();
        expanded[number] = page.Skip + page.Edges.Count;
        MoreNode? more = null;
        var moreId = $"more:{number}:{expanded[number]}";
        if (page.More > 0)
        {
            more = new MoreNode(number, expanded[number], page.More);
            moreNodes[moreId] = more;
        }

        status = $"{page.Ci.Name}: {page.Edges.Count} relation(s) shown" + (page.Skip > 0 ? " more" : "") + (page.More > 0 ? $", {page.More} more." : ".");
        await DrawAsync(newNodes, newLinks, more is null ? [] : [(moreId, more)], removedMore);
    }

    private async Task SetModeAsync(GraphMode wanted)
    {
        mode = wanted;
        highlighted = [];
        if (mode == GraphMode.Relations || root is null)
        {
            status = null;
            await HighlightAsync();
            return;
        }

        await using var scope = Scopes.CreateAsyncScope();
        var analysis = scope.ServiceProvider.GetRequiredService<ImpactAnalysis>();
        var result = mode == GraphMode.Impact
            ? await analysis.DownstreamAsync([root.Number], ImpactAnalysis.DefaultDepth, CancellationToken.None)
            : await analysis.UpstreamAsync(root.Number, ImpactAnalysis.DefaultDepth, CancellationToken.None);
        var shown = result.Items.Take(ImpactShown).ToList();
        var missing = shown.Select(i => i.Number).Where(n => !nodes.ContainsKey(n)).ToList();
        var newNodes = missing.Count == 0 ? [] : await scope.ServiceProvider.GetRequiredService<CiNeighbours>().NodesAsync(missing, CancellationToken.None);
        foreach (var node in newNodes)
        {
            nodes[node.Number] = node;
        }

        // How each reached CI stands to the one it was reached through, unless a relation between the two is shown already.
        var newLinks = new List<GraphLink>();
        foreach (var item in shown.Where(i => i.Via is not null && i.Relation is not null && nodes.ContainsKey(i.Via)))
        {
            if (!links.Values.Any(l => (l.Source == item.Number && l.Target == item.Via) || (l.Source == item.Via && l.Target == item.Number)))
            {
                var link = new GraphLink($"via:{item.Number}:{item.Via}", item.Number, item.Via!, item.Relation!);
                links[link.Id] = link;
                newLinks.Add(link);
            }
        }

        highlighted = [.. shown.Select(i => i.Number)];
        var services = result.BusinessServices.Count;
        status = mode == GraphMode.Impact
            ? $"An outage of {root.Name} impacts {result.Items.Count} configuration item(s), {services} of them business service(s)."
            : $"{root.Name} depends on {result.Items.Count} configuration item(s).";
        if (result.Items.Count > shown.Count)
        {
            status += $" The nearest {shown.Count} are shown.";
        }

        await DrawAsync(newNodes, newLinks, [], null);
        await HighlightAsync();
    }

    private async Task DrawAsync(IReadOnlyList<CiGraphNode> newNodes, IReadOnlyList<GraphLink> newLinks, IReadOnlyList<(string Id, MoreNode More)> more, string? removedMore)
    {
        if (module is null)
        {
            return;
        }

        var drawn = newNodes.Select(n => (object)new
        {
            id = n.Number,
            label = $"{n.Name}\n{n.ClassName}",
            status = n.OperationalStatus.ToString().ToLowerInvariant(),
            kind = "ci",
            root = n.Number == root?.Number,
        }).Concat(more.Select(m => (object)new { id = m.Id, label = $"+{m.More.Count} more", status = "", kind = "more", root = false }));
        var edges = newLinks.Select(l => new { id = l.Id, source = l.Source, target = l.Target, label = l.Words })
            .Concat(more.Select(m => new { id = $"edge:{m.Id}", source = m.More.Number, target = m.Id, label = "" }));
        await module.InvokeVoidAsync("update", graph, drawn.ToList(), edges.ToList(), removedMore is null ? Array.Empty<string>() : [removedMore]);
        if (mode != GraphMode.Relations)
        {
            await HighlightAsync();
        }
    }

    private async Task HighlightAsync()
    {
        if (module is not null && root is not null)
        {
            await module.InvokeVoidAsync("highlight", graph, root.Number, highlighted.ToList(),
                mode switch { GraphMode.Impact => "impacted", GraphMode.DependsOn => "dependency", _ => null });
        }
    }

    private async Task FitAsync()
    {
        if (module is not null)
        {
            await module.InvokeVoidAsync("fit", graph);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (module is not null)
            {
                await module.InvokeVoidAsync("destroy", graph);
                await module.DisposeAsync();
            }
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone with the browser tab: nothing left to clean up there.
        }

        self?.Dispose();
    }
}
