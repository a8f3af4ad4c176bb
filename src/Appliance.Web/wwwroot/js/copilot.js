// The copilot page: Ctrl+Enter asks, and the SQL box of a finished answer follows its content's height.
(function () {
    "use strict";

    var page = document.getElementById("copilot-page");
    if (!page) { return; }
    var question = document.getElementById("question");
    var form = document.getElementById("ask-form");

    question.addEventListener("keydown", function (event) {
        if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            if (window.htmx) { window.htmx.trigger(form, "submit"); } else { form.requestSubmit(); }
        }
    });

    // A new answer replaces the previous one: clear the results of the previous SQL so they are not mistaken for its own.
    document.body.addEventListener("htmx:afterSwap", function (event) {
        if (event.detail.target && event.detail.target.id === "copilot-answer") {
            var output = document.getElementById("query-output");
            if (output && event.detail.target.querySelector("[data-testid=stream]")) { output.innerHTML = ""; }
        }
    });
})();
