using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace WorkflowItsm.Runtime.Instances;

/// <summary>
/// Tells whether an open connection's database file is still the one at its path. The embedded provider's interceptor
/// implements it (the runtime does not reference SQLite itself); <see cref="EmbeddedWriter"/> asks it before lending
/// its long-lived connection.
/// </summary>
public interface IDatabaseFileCheck : IInterceptor
{
    /// <summary>True when the file <paramref name="connection"/> opened was deleted, or another file now has its path.</summary>
    bool FileReplaced(DbConnection connection);
}
