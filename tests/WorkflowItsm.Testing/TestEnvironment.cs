using System.Net;
using System.Net.Sockets;

namespace WorkflowItsm.Testing;

/// <summary>What the machine running the tests offers.</summary>
public static class TestEnvironment
{
    /// <summary>True in CI, where a missing service is a failure, never a reason to skip.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static bool IsRoot => Environment.UserName == "root";

    /// <summary>A fresh folder under the temp directory, for one test's files.</summary>
    public static string CreateTempFolder(string purpose)
    {
        var path = Path.Combine(Path.GetTempPath(), $"workflowitsm-{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>A file of this repository, found from the test's output folder upwards.</summary>
    public static string RepositoryFile(params string[] pathInRepository)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "WorkflowItsm.sln")))
        {
            directory = directory.Parent;
        }

        return Path.Combine([directory?.FullName ?? throw new DirectoryNotFoundException("No WorkflowItsm.sln above the test's output folder."), .. pathInRepository]);
    }

    /// <summary>A loopback port nothing listens on at this moment, for a server a test starts.</summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
