// Small behaviours of the appliance's pages. No inline scripts (the Content-Security-Policy forbids them).
(function () {
    "use strict";

    // Confirm destructive forms: <form data-confirm="…">.
    document.addEventListener("submit", function (event) {
        var form = event.target;
        if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
            event.preventDefault();
        }
    }, true);

    // Connection form: show the fields that fit the engine and the chosen way of connecting.
    function syncConnectionForm() {
        var form = document.getElementById("connection-form");
        if (!form) { return; }
        var engine = form.querySelector("[data-engine-select]");
        var isSqlite = engine && engine.value === "Sqlite";
        form.classList.toggle("engine-sqlite", isSqlite);
        var port = form.querySelector("input[name=Port]");
        var defaults = { Postgres: "5432", MySql: "3306", SqlServer: "1433" };
        if (port && engine) { port.placeholder = defaults[engine.value] ? defaults[engine.value] + " (default)" : ""; }
        var mode = form.querySelector("input[data-mode]:checked");
        var current = isSqlite ? "fields" : (mode ? mode.value : "fields");
        form.querySelectorAll("[data-mode-panel]").forEach(function (panel) {
            panel.hidden = panel.getAttribute("data-mode-panel") !== current;
        });
    }

    document.addEventListener("change", function (event) {
        var target = event.target;
        if (target.matches && (target.matches("[data-engine-select]") || target.matches("input[data-mode]"))) {
            syncConnectionForm();
        }
    });
    document.addEventListener("DOMContentLoaded", syncConnectionForm);
})();
