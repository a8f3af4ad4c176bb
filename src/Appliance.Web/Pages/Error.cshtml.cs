using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Appliance.Web.Pages;

/// <summary>A calm error page: never a stack trace, always a request ID that matches the server log.</summary>
[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ErrorModel : AppPageModel
{
    [BindProperty(SupportsGet = true)]
    public int? Code { get; set; }

    public string RequestId { get; private set; } = "";

    public void OnGet() => RequestId = Activity.Current?.Id ?? HttpContext.TraceIdentifier;

    public void OnPost() => OnGet();

    public string Title => Code switch
    {
        404 => "Not found",
        400 => "Bad request",
        403 => "Not allowed",
        _ => "Something went wrong",
    };

    public string Explanation => Code switch
    {
        404 => "There is nothing at this address. It may have been deleted, or belong to another workspace.",
        400 => "The request was not accepted. If you submitted a form, reload the page and try again (forms expire after a while).",
        403 => "Your role does not include this.",
        _ => "The appliance could not complete the request. Nothing was half-saved. If it happens again, give your administrator the request ID below.",
    };
}
