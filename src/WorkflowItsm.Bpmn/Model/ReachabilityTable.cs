namespace WorkflowItsm.Bpmn.Model;

/// <summary>
/// For every node of one graph, the set of nodes it can reach (transitively, following sequence flows, boundary
/// attachments and links), as one bit row per node. Computed once per definition, so an inclusive join asks
/// "can this token still arrive?" in constant time.
/// </summary>
internal sealed class ReachabilityTable
{
    private readonly ulong[] _bits;
    private readonly int _wordsPerRow;

    public ReachabilityTable(IReadOnlyList<FlowNode> nodes, FlowGraph graph)
    {
        var count = nodes.Count;
        _wordsPerRow = (count + 63) / 64;
        _bits = new ulong[Math.Max(1, count * _wordsPerRow)];
        var stack = new Stack<FlowNode>();
        for (var row = 0; row < count; row++)
        {
            stack.Push(nodes[row]);
            while (stack.Count > 0)
            {
                foreach (var next in graph.Successors(stack.Pop()))
                {
                    if (next.Container != nodes[row].Container || IsSet(row, next.Index))
                    {
                        continue;
                    }

                    Set(row, next.Index);
                    stack.Push(next);
                }
            }
        }
    }

    public bool CanReach(int from, int to) => IsSet(from, to);

    private bool IsSet(int row, int column) =>
        (_bits[(row * _wordsPerRow) + (column >> 6)] & (1UL << (column & 63))) != 0;

    private void Set(int row, int column) =>
        _bits[(row * _wordsPerRow) + (column >> 6)] |= 1UL << (column & 63);
}
