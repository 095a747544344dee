using WorkflowItsm.Itsm.Records;

namespace WorkflowItsm.Itsm.ServiceLevels;

// The refusals of the SLA settings and reports, each its own type so that the API answers exactly these (and not
// every KeyNotFound-, Format- or ArgumentException) with 404 or 400.

/// <summary>No such SLA definition or business calendar.</summary>
public sealed class ServiceLevelSettingNotFoundException(string message) : RecordNotFoundException(message);

/// <summary>An iCalendar file that cannot be read; the message names the line.</summary>
public sealed class HolidayFileMalformedException(string message) : FormatException(message);

/// <summary>A report period that is empty or too long.</summary>
public sealed class ReportPeriodException(string message) : ArgumentException(message);

/// <summary>An SLA definition that clocks were started from cannot be removed (their history names it); it can be switched off.</summary>
public sealed class SlaDefinitionInUseException(string message) : RecordConflictException(message);
