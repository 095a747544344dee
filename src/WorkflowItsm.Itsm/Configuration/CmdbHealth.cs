using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using WorkflowItsm.Itsm.Persistence;

namespace WorkflowItsm.Itsm.Configuration;

/// <summary>What the health page counts, and the CI list filters by.</summary>
public enum CiHealthFinding
{
    /// <summary>No source wrote any attribute within the class's refresh period (a CI without attribute values: not updated within it).</summary>
    Stale,

    /// <summary>An application or software instance (database included) that runs on, or is hosted on, nothing.</summary>
    Orphan,

    /// <summary>Another CI of the same class has the same name or serial number, ignoring case and spaces.</summary>
    Duplicate,
}

public sealed record CmdbHealthCounts(int Stale, int Orphans, int Duplicates);

/// <summary>
/// The CMDB's health as SQL: each finding is a predicate on the CI table (correlated EXISTS on the indexed attribute
/// values and relations; duplicates against one grouped subquery), so a count is one query and the CI list pages
/// through the findings like any filter. Retired CIs are left out: nobody keeps them fresh or hosted.
/// </summary>
public sealed class CmdbHealth(ItsmDbContext db, TimeProvider clock)
{
    /// <summary>The classes whose CIs must run on or be hosted on something.</summary>
    private static readonly string[] HostedClasses = [CmdbSeed.Application, CmdbSeed.SoftwareInstance];

    private static readonly string[] HostingRelations = [CmdbSeed.RunsOn, CmdbSeed.HostedOn];

    private const string SerialNumber = "serialNumber";

    public async Task<CmdbHealthCounts> CountsAsync(CancellationToken cancellationToken)
    {
        var model = await CiModel.LoadAsync(db, cancellationToken);
        var cis = db.ConfigurationItems.AsNoTracking();
        return new CmdbHealthCounts(
            await Filter(cis, CiHealthFinding.Stale, model).CountAsync(cancellationToken),
            await Filter(cis, CiHealthFinding.Orphan, model).CountAsync(cancellationToken),
            await Filter(cis, CiHealthFinding.Duplicate, model).CountAsync(cancellationToken));
    }

    /// <summary>The CIs of <paramref name="query"/> with the finding.</summary>
    public IQueryable<ConfigurationItem> Filter(IQueryable<ConfigurationItem> query, CiHealthFinding finding, CiModel model)
    {
        query = query.Where(c => c.State != CiState.Retired);
        return finding switch
        {
            CiHealthFinding.Stale => query.Where(Stale(model)),
            CiHealthFinding.Orphan => Orphans(query, model),
            _ => Duplicates(query, model),
        };
    }

    /// <summary>
    /// Classes grouped by refresh period, each group with its cutoff: (class in group 1 AND nothing written since
    /// cutoff 1) OR (class in group 2 AND ...). A handful of periods in practice, so a handful of ORs.
    /// </summary>
    private Expression<Func<ConfigurationItem, bool>> Stale(CiModel model)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var values = db.CiAttributeValues;
        Expression<Func<ConfigurationItem, bool>>? stale = null;
        foreach (var group in model.Classes.GroupBy(c => c.RefreshPeriodDays))
        {
            var classIds = group.Select(c => c.Id).ToList();
            var cutoff = now.AddDays(-group.Key);
            Expression<Func<ConfigurationItem, bool>> inGroup = c => classIds.Contains(c.ClassId)
                && !values.Any(v => v.CiId == c.Id && v.WrittenAt >= cutoff)
                && (values.Any(v => v.CiId == c.Id) || c.UpdatedAt < cutoff);
            stale = stale is null ? inGroup : Or(stale, inGroup);
        }

        return stale ?? (c => false);
    }

    private IQueryable<ConfigurationItem> Orphans(IQueryable<ConfigurationItem> query, CiModel model)
    {
        var classIds = HostedClasses.Select(model.ClassByKey).OfType<CiClass>().SelectMany(c => model.SelfAndDescendants(c.Id)).ToList();
        var hosting = HostingRelations.Select(model.RelationTypeByKey).OfType<CiRelationType>().Select(t => t.Id).ToList();
        var relations = db.CiRelations;
        return query.Where(c => classIds.Contains(c.ClassId) && !relations.Any(r => r.SourceId == c.Id && hosting.Contains(r.TypeId)));
    }

    private IQueryable<ConfigurationItem> Duplicates(IQueryable<ConfigurationItem> query, CiModel model)
    {
        var serialAttributes = model.Classes.SelectMany(c => model.AttributesOf(c.Id)).Where(a => a.Key == SerialNumber).Select(a => a.Attribute.Id).Distinct().ToList();
        var live = db.ConfigurationItems.Where(c => c.State != CiState.Retired);
#pragma warning disable CA1304, CA1311, CA1862 // translated to SQL LOWER()/REPLACE(): no .NET culture is involved
        var sameName = live.GroupBy(c => new { c.ClassId, Name = c.ShortDescription.ToLower().Replace(" ", "") })
            .Where(g => g.Count() > 1).Select(g => g.Key);
        var serials = db.CiAttributeValues.Where(v => serialAttributes.Contains(v.AttributeId) && v.Value != null && v.Value != "")
            .Join(live, v => v.CiId, c => c.Id, (v, c) => new { c.ClassId, Serial = v.Value!.ToLower().Replace(" ", "") });
        var sameSerial = serials.GroupBy(s => new { s.ClassId, s.Serial }).Where(g => g.Count() > 1).Select(g => g.Key);
        var values = db.CiAttributeValues;
        return query.Where(c =>
            sameName.Any(d => d.ClassId == c.ClassId && d.Name == c.ShortDescription.ToLower().Replace(" ", ""))
            || values.Any(v => v.CiId == c.Id && serialAttributes.Contains(v.AttributeId)
                && sameSerial.Any(d => d.ClassId == c.ClassId && d.Serial == v.Value!.ToLower().Replace(" ", ""))));
#pragma warning restore CA1304, CA1311, CA1862
    }

    private static Expression<Func<ConfigurationItem, bool>> Or(Expression<Func<ConfigurationItem, bool>> left, Expression<Func<ConfigurationItem, bool>> right)
    {
        var body = new Rebind(right.Parameters[0], left.Parameters[0]).Visit(right.Body);
        return Expression.Lambda<Func<ConfigurationItem, bool>>(Expression.OrElse(left.Body, body), left.Parameters);
    }

    /// <summary>Puts one lambda's parameter in place of another's, so two predicates share one.</summary>
    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
