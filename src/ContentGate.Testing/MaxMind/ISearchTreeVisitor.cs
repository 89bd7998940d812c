namespace ContentGate.Testing.MaxMind;

/// <summary>
/// Receives the nodes of a <see cref="SearchTree"/> during <see cref="SearchTree.VisitPreorder{TChoices}"/>.
/// A struct implementation lets the JIT inline the call for trees with millions of nodes.
/// </summary>
internal interface ISearchTreeVisitor
{
    void Visit(int node, int left, int right);
}
