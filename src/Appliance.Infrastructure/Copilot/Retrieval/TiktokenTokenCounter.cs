using Appliance.Core.Copilot.Retrieval;
using Microsoft.ML.Tokenizers;

namespace Appliance.Infrastructure.Copilot.Retrieval;

/// <summary>
/// Counts tokens with OpenAI's cl100k_base encoding (Microsoft.ML.Tokenizers, vocabulary shipped in the
/// Microsoft.ML.Tokenizers.Data.Cl100kBase package: nothing is downloaded). It is the prompt budget's estimate of a
/// local model's tokenizer, which it is not: when a GGUF model is loaded its own tokenizer may count instead.
/// Thread-safe; the vocabulary is loaded once per process, on first use.
/// </summary>
public sealed class TiktokenTokenCounter : ITokenCounter
{
    private static readonly Lazy<TiktokenTokenizer> Tokenizer = new(() => TiktokenTokenizer.CreateForEncoding("cl100k_base"));

    public int CountTokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Tokenizer.Value.CountTokens(text);
    }
}
