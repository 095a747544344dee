using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using WorkflowItsm.Itsm.Directory;
using WorkflowItsm.Runtime.Persistence;

namespace WorkflowItsm.Itsm.Persistence;

/// <summary>
/// The product's one DbContext: the runtime's tables (inherited) plus the ITSM domain's.
/// It never names a database provider; the persistence projects configure it.
/// </summary>
public class ItsmDbContext(DbContextOptions<ItsmDbContext> options) : WorkflowDbContext(options), IDataProtectionKeyContext
{
    private IServiceProvider? applicationServices;

    /// <summary>
    /// The context of a scope (a request, a job): the scope's services come in here, not through the options, so that
    /// the options can be built once for all scopes (<c>optionsLifetime: Singleton</c>) and stay the same for every context.
    /// </summary>
    public ItsmDbContext(DbContextOptions<ItsmDbContext> options, IServiceProvider scopeServices)
        : this(options) => applicationServices = scopeServices;

    public DbSet<DirectoryUser> Users => Set<DirectoryUser>();

    public DbSet<DirectoryRole> Roles => Set<DirectoryRole>();

    public DbSet<DirectoryGroup> Groups => Set<DirectoryGroup>();

    public DbSet<DirectoryGroupMember> GroupMembers => Set<DirectoryGroupMember>();

    public DbSet<Notifications.NotificationRecord> Notifications => Set<Notifications.NotificationRecord>();

    public DbSet<Notifications.NotificationTemplateRecord> NotificationTemplates => Set<Notifications.NotificationTemplateRecord>();

    public DbSet<Records.RecordSequence> RecordSequences => Set<Records.RecordSequence>();

    public DbSet<Records.RecordCategory> RecordCategories => Set<Records.RecordCategory>();

    public DbSet<Records.SavedView> SavedViews => Set<Records.SavedView>();

    public DbSet<Records.RecordAuditEntry> RecordAudit => Set<Records.RecordAuditEntry>();

    public DbSet<Records.RecordNote> RecordNotes => Set<Records.RecordNote>();

    public DbSet<Records.RecordLink> RecordLinks => Set<Records.RecordLink>();

    public DbSet<Records.RecordAttachment> RecordAttachments => Set<Records.RecordAttachment>();

    public DbSet<Incidents.Incident> Incidents => Set<Incidents.Incident>();

    public DbSet<Records.PriorityMatrixCell> PriorityMatrix => Set<Records.PriorityMatrixCell>();

    public DbSet<Incidents.IncidentRoutingRule> IncidentRoutingRules => Set<Incidents.IncidentRoutingRule>();

    public DbSet<Problems.Problem> Problems => Set<Problems.Problem>();

    public DbSet<Changes.Change> Changes => Set<Changes.Change>();

    public DbSet<Changes.ChangeAffectedCi> ChangeAffectedCis => Set<Changes.ChangeAffectedCi>();

    public DbSet<Changes.Cab.CabDefinition> CabDefinitions => Set<Changes.Cab.CabDefinition>();

    public DbSet<Changes.Cab.CabMeeting> CabMeetings => Set<Changes.Cab.CabMeeting>();

    public DbSet<Approvals.ApprovalRule> ApprovalRules => Set<Approvals.ApprovalRule>();

    public DbSet<Approvals.Approval> Approvals => Set<Approvals.Approval>();

    public DbSet<Approvals.ApprovalApprover> ApprovalApprovers => Set<Approvals.ApprovalApprover>();

    public DbSet<Approvals.ApprovalLink> ApprovalLinks => Set<Approvals.ApprovalLink>();

    public DbSet<Changes.Templates.StandardChangeTemplate> StandardChangeTemplates => Set<Changes.Templates.StandardChangeTemplate>();

    public DbSet<Changes.Risk.ChangeRiskCondition> ChangeRiskConditions => Set<Changes.Risk.ChangeRiskCondition>();

    public DbSet<Changes.Risk.ChangeRiskQuestion> ChangeRiskQuestions => Set<Changes.Risk.ChangeRiskQuestion>();

    public DbSet<Changes.Risk.ChangeRiskThreshold> ChangeRiskThresholds => Set<Changes.Risk.ChangeRiskThreshold>();

    public DbSet<Changes.Risk.ChangeRiskAnswer> ChangeRiskAnswers => Set<Changes.Risk.ChangeRiskAnswer>();

    public DbSet<Changes.Risk.ChangeGroupSuccessScore> ChangeGroupSuccessScores => Set<Changes.Risk.ChangeGroupSuccessScore>();

    public DbSet<Changes.Conflicts.ChangeConflict> ChangeConflicts => Set<Changes.Conflicts.ChangeConflict>();

    public DbSet<Changes.Freezes.ChangeFreeze> ChangeFreezes => Set<Changes.Freezes.ChangeFreeze>();

    public DbSet<Calendars.ChangeWindow> ChangeWindows => Set<Calendars.ChangeWindow>();

    public DbSet<Releases.Release> Releases => Set<Releases.Release>();

    public DbSet<Problems.ProblemProposal> ProblemProposals => Set<Problems.ProblemProposal>();

    public DbSet<Problems.ProblemProposalIncident> ProblemProposalIncidents => Set<Problems.ProblemProposalIncident>();

    public DbSet<ServiceLevels.BusinessCalendarRecord> BusinessCalendars => Set<ServiceLevels.BusinessCalendarRecord>();

    public DbSet<ServiceLevels.SlaDefinition> SlaDefinitions => Set<ServiceLevels.SlaDefinition>();

    public DbSet<ServiceLevels.SlaClock> SlaClocks => Set<ServiceLevels.SlaClock>();

    public DbSet<ServiceLevels.SlaClockEvent> SlaClockEvents => Set<ServiceLevels.SlaClockEvent>();

    public DbSet<Configuration.CiClass> CiClasses => Set<Configuration.CiClass>();

    public DbSet<Configuration.CiAttribute> CiAttributes => Set<Configuration.CiAttribute>();

    public DbSet<Configuration.CiChoiceOption> CiChoiceOptions => Set<Configuration.CiChoiceOption>();

    public DbSet<Configuration.ConfigurationItem> ConfigurationItems => Set<Configuration.ConfigurationItem>();

    public DbSet<Configuration.CiAttributeValue> CiAttributeValues => Set<Configuration.CiAttributeValue>();

    public DbSet<Configuration.CiRelationType> CiRelationTypes => Set<Configuration.CiRelationType>();

    public DbSet<Configuration.CiRelationRule> CiRelationRules => Set<Configuration.CiRelationRule>();

    public DbSet<Configuration.CiRelation> CiRelations => Set<Configuration.CiRelation>();

    public DbSet<Configuration.Reconciliation.CiIdentificationRule> CiIdentificationRules => Set<Configuration.Reconciliation.CiIdentificationRule>();

    public DbSet<Configuration.Reconciliation.CiDataSource> CiDataSources => Set<Configuration.Reconciliation.CiDataSource>();

    public DbSet<Configuration.Reconciliation.CiSourcePriority> CiSourcePriorities => Set<Configuration.Reconciliation.CiSourcePriority>();

    public DbSet<Configuration.Reconciliation.CiDuplicateTask> CiDuplicateTasks => Set<Configuration.Reconciliation.CiDuplicateTask>();

    public DbSet<Assets.AssetModel> AssetModels => Set<Assets.AssetModel>();

    public DbSet<Assets.Asset> Assets => Set<Assets.Asset>();

    public DbSet<Assets.AssetAssignment> AssetAssignments => Set<Assets.AssetAssignment>();

    public DbSet<Assets.Stock.Stockroom> Stockrooms => Set<Assets.Stock.Stockroom>();

    public DbSet<Assets.Stock.StockRule> StockRules => Set<Assets.Stock.StockRule>();

    public DbSet<Assets.Stock.RestockOrder> RestockOrders => Set<Assets.Stock.RestockOrder>();

    public DbSet<Assets.Software.SoftwareProduct> SoftwareProducts => Set<Assets.Software.SoftwareProduct>();

    public DbSet<Assets.Software.SoftwareVersion> SoftwareVersions => Set<Assets.Software.SoftwareVersion>();

    public DbSet<Assets.Software.SoftwareDevice> SoftwareDevices => Set<Assets.Software.SoftwareDevice>();

    public DbSet<Assets.Software.SoftwareInstallation> SoftwareInstallations => Set<Assets.Software.SoftwareInstallation>();

    public DbSet<Assets.Software.LicenceEntitlement> LicenceEntitlements => Set<Assets.Software.LicenceEntitlement>();

    public DbSet<Assets.Software.LicenceComplianceSnapshot> LicenceComplianceSnapshots => Set<Assets.Software.LicenceComplianceSnapshot>();

    public DbSet<Assets.Software.LicenceRenewalReminder> LicenceRenewalReminders => Set<Assets.Software.LicenceRenewalReminder>();

    /// <summary>Cookie and antiforgery keys, shared by every host on the database and kept across restarts.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>
    /// The services of the scope this context was made in, for the save interceptors' jobs port and settings; for a
    /// context made by hand, those its options name (null for none), looked up once per context.
    /// </summary>
    internal IServiceProvider? ApplicationServices => applicationServices ??=
        this.GetService<IDbContextOptions>()
            .FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider;

    /// <summary>
    /// The runtime's interceptors, then the domain's: webhooks hear record, task and fault changes where they are saved
    /// (Integrations/WebhookCapture), and public comments are mailed to the record's contact (Email/CommentMailCapture).
    /// A host adds these to the options it builds once (<see cref="WithOwnInterceptors"/>); a context made with other
    /// options adds them itself.
    /// </summary>
    public static IReadOnlyList<IInterceptor> Interceptors { get; } =
        [.. RuntimeInterceptors, Integrations.WebhookCapture.Instance, Email.CommentMailCapture.Instance];

    /// <summary>Adds <see cref="Interceptors"/> to options a host builds once for every scope's context.</summary>
    public static DbContextOptionsBuilder WithOwnInterceptors(DbContextOptionsBuilder options) => options.AddInterceptors(Interceptors);

    protected override IEnumerable<IInterceptor> OwnInterceptors => Interceptors;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        IdentityModel.Configure(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ItsmDbContext).Assembly);
        modelBuilder.Entity<DataProtectionKey>().ToTable("DataProtectionKeys");
    }
}
