using System.Runtime.InteropServices;
using LLama;

namespace Appliance.Infrastructure.Copilot.Models;

/// <summary>
/// Parses a GBNF grammar with llama.cpp itself before it goes into a sampler chain. LLamaSharp 0.30.0 adds whatever
/// llama_sampler_init_grammar returns to the chain, and for a grammar llama.cpp rejects that is a null sampler, which
/// crashes the process at the first token; so an invalid grammar must be caught here and refused as bad input.
/// </summary>
internal static class LlamaGrammarCheck
{
    private static readonly Lazy<Functions?> Native = new(Load);

    /// <summary>Null when llama.cpp accepts the grammar; otherwise why not.</summary>
    public static string? Problem(LLamaWeights weights, string grammar, string root)
    {
        if (string.IsNullOrWhiteSpace(grammar))
        {
            return "The grammar is empty.";
        }

        if (grammar.Contains('\0', StringComparison.Ordinal))
        {
            return "The grammar contains a NUL character.";
        }

        var functions = Native.Value ?? throw new InvalidOperationException(
            "The loaded llama.cpp library does not export the grammar functions, so grammars cannot be checked before use.");
        var model = weights.NativeHandle;
        var added = false;
        model.DangerousAddRef(ref added);
        try
        {
            var vocabulary = functions.GetVocabulary(model.DangerousGetHandle());
            var sampler = functions.InitGrammar(vocabulary, grammar, root);
            if (sampler == IntPtr.Zero)
            {
                return $"llama.cpp rejected the grammar (a syntax error, an undefined rule, left recursion, or no rule \"{root}\").";
            }

            functions.Free(sampler);
            return null;
        }
        finally
        {
            if (added)
            {
                model.DangerousRelease();
            }
        }
    }

    // The library LLamaSharp loaded is found again by its name (dlopen returns the already loaded one); its exports are
    // called directly because LLamaSharp keeps these P/Invokes private.
    private static Functions? Load()
    {
        var name = OperatingSystem.IsWindows() ? "llama.dll" : OperatingSystem.IsMacOS() ? "libllama.dylib" : "libllama.so";
        if (!NativeLibrary.TryLoad(name, out var library) ||
            !NativeLibrary.TryGetExport(library, "llama_model_get_vocab", out var getVocabulary) ||
            !NativeLibrary.TryGetExport(library, "llama_sampler_init_grammar", out var initGrammar) ||
            !NativeLibrary.TryGetExport(library, "llama_sampler_free", out var free))
        {
            return null;
        }

        return new Functions(
            Marshal.GetDelegateForFunctionPointer<ModelGetVocabulary>(getVocabulary),
            Marshal.GetDelegateForFunctionPointer<SamplerInitGrammar>(initGrammar),
            Marshal.GetDelegateForFunctionPointer<SamplerFree>(free));
    }

    private sealed record Functions(ModelGetVocabulary GetVocabulary, SamplerInitGrammar InitGrammar, SamplerFree Free);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr ModelGetVocabulary(IntPtr model);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr SamplerInitGrammar(
        IntPtr vocabulary, [MarshalAs(UnmanagedType.LPUTF8Str)] string grammar, [MarshalAs(UnmanagedType.LPUTF8Str)] string root);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void SamplerFree(IntPtr sampler);
}
