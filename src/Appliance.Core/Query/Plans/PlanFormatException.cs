namespace Appliance.Core.Query.Plans;

/// <summary>The text is not a plan the parser understands; the message says what was wrong, in a sentence.</summary>
public sealed class PlanFormatException : FormatException
{
    public PlanFormatException()
    {
    }

    public PlanFormatException(string message)
        : base(message)
    {
    }

    public PlanFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
