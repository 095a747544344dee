namespace WorkflowItsm.Web.Hosting;

/// <summary>A setting keeps the host from starting; the message names the setting to fix.</summary>
public sealed class StartupConfigurationException : Exception
{
    public StartupConfigurationException() { }
    public StartupConfigurationException(string message) : base(message) { }
    public StartupConfigurationException(string message, Exception inner) : base(message, inner) { }
}
