using Appliance.Infrastructure.Copilot;
using Appliance.Infrastructure.Copilot.Models;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Appliance.Web.Pages.Admin;

/// <summary>
/// The copilot's local models for Admins: the chat and embedding models' state (loading, ready, refused and why), the
/// manifest's entries, the backend, the queue, and where retrieval vectors are kept. Read-only: models are configured
/// by the operator (files, manifest.json, Appliance__Copilot__* settings), never downloaded.
/// </summary>
public sealed class ModelsModel(LocalModelHost chat, LocalEmbedder embedder, IOptions<CopilotOptions> options) : AppPageModel
{
    public ModelState Chat { get; private set; } = Appliance.Infrastructure.Copilot.Models.ModelState.NotConfigured;

    public ModelState Embedding { get; private set; } = Appliance.Infrastructure.Copilot.Models.ModelState.NotConfigured;

    public CopilotOptions Settings => options.Value;

    public string ModelDirectory => chat.ModelDirectory;

    public IReadOnlyList<ModelManifestEntry> Entries { get; private set; } = [];

    /// <summary>Why the manifest could not be read, when it could not.</summary>
    public string? ManifestProblem { get; private set; }

    public IActionResult OnGet()
    {
        Chat = chat.State;
        Embedding = embedder.State;
        try
        {
            Entries = ModelManifest.Load(ModelDirectory).Models;
        }
        catch (ModelManifestException ex)
        {
            ManifestProblem = ex.Message;
        }

        return IsHtmx ? Partial("_ModelStates", this) : Page();
    }
}
