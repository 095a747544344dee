// Hangfire keeps its job storage in a static (JobStorage.Current) that every host in this process sets at start;
// hosts started side by side could schedule into each other's storage. One host at a time keeps each test's
// timers in its own database.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
