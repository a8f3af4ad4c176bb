// The query page: Monaco as the SQL editor (bundled from npm, served by the appliance), completion of tables and
// columns from the ingested schema, run ids for the Cancel button, and the small behaviours of the page.
// Without Monaco (or without script) the plain textarea still works: the forms post it.
(function () {
    "use strict";

    var page = document.getElementById("query-page");
    if (!page) { return; }
    var textarea = document.getElementById("sql-text");
    var form = document.getElementById("query-form");
    var editor = null;
    var currentRun = null;
    var timer = null;

    function token() {
        try { return JSON.parse(document.body.getAttribute("hx-headers") || "{}").RequestVerificationToken || ""; } catch (e) { return ""; }
    }

    // A random id without crypto.randomUUID, which plain-HTTP appliances (no secure context) do not have.
    function newId() {
        var b = new Uint8Array(16);
        window.crypto.getRandomValues(b);
        b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
        var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
        return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
    }

    function setSql(text) {
        textarea.value = text;
        if (editor) { editor.setValue(text); editor.focus(); }
    }

    function insertText(text) {
        if (editor) {
            var selection = editor.getSelection();
            editor.executeEdits("insert", [{ range: selection, text: text, forceMoveMarkers: true }]);
            editor.focus();
        } else {
            var start = textarea.selectionStart, end = textarea.selectionEnd;
            textarea.value = textarea.value.slice(0, start) + text + textarea.value.slice(end);
            textarea.selectionStart = textarea.selectionEnd = start + text.length;
            textarea.focus();
        }
    }

    function run() {
        if (window.htmx) { window.htmx.trigger(form, "submit"); } else { form.requestSubmit(); }
    }

    // ---- htmx: run ids, elapsed time, formatted SQL -------------------------------------------------------------
    document.body.addEventListener("htmx:configRequest", function (event) {
        var path = event.detail.path || "";
        if (path.indexOf("handler=Run") >= 0) {
            currentRun = newId();
            event.detail.parameters.runId = currentRun;
        }
    });
    document.body.addEventListener("htmx:beforeRequest", function (event) {
        if ((event.detail.pathInfo && event.detail.pathInfo.requestPath || "").indexOf("handler=Run") < 0) { return; }
        var label = document.querySelector("[data-run-elapsed]");
        var started = Date.now();
        clearInterval(timer);
        if (label) { label.textContent = "Running…"; }
        timer = setInterval(function () {
            if (label) { label.textContent = "Running… " + ((Date.now() - started) / 1000).toFixed(1) + " s"; }
        }, 200);
    });
    document.body.addEventListener("htmx:afterRequest", function () {
        clearInterval(timer);
        var label = document.querySelector("[data-run-elapsed]");
        if (label) { label.textContent = "Working…"; }
    });
    document.body.addEventListener("sqlFormatted", function (event) {
        if (event.detail && typeof event.detail.sql === "string") { setSql(event.detail.sql); }
    });

    // ---- clicks ---------------------------------------------------------------------------------------------------
    document.addEventListener("click", function (event) {
        var target = event.target instanceof Element ? event.target : null;
        if (!target) { return; }
        var cancel = target.closest("#cancel-run");
        if (cancel && currentRun) {
            var body = new URLSearchParams({ runId: currentRun });
            fetch(cancel.getAttribute("data-cancel-url"), { method: "POST", body: body, headers: { RequestVerificationToken: token() }, credentials: "same-origin" })
                .then(function (r) { return r.text(); })
                .then(function (text) { var label = document.querySelector("[data-run-elapsed]"); if (label) { label.textContent = text; } });
            return;
        }
        var load = target.closest("[data-load-sql]");
        if (load) { setSql(load.getAttribute("data-load-sql")); return; }
        var insert = target.closest("[data-insert-text]");
        if (insert) { insertText(insert.getAttribute("data-insert-text")); return; }
        var rewrite = target.closest("[data-use-sql]");
        if (rewrite) { setSql(rewrite.getAttribute("data-use-sql")); return; }
        var go = target.closest("[data-goto-line]");
        if (go) {
            var line = parseInt(go.getAttribute("data-goto-line"), 10), column = parseInt(go.getAttribute("data-goto-column"), 10) || 1;
            if (editor) { editor.revealLineInCenter(line); editor.setPosition({ lineNumber: line, column: column }); editor.focus(); }
            return;
        }
        if (target.closest("[data-dismiss-output]")) { document.getElementById("query-output").innerHTML = ""; return; }
        var tab = target.closest("[data-tab]");
        if (tab) {
            document.querySelectorAll(".query-side [data-tab]").forEach(function (t) { t.classList.toggle("active", t === tab); });
            document.querySelectorAll(".query-side .tab-panel").forEach(function (p) { p.hidden = p.id !== tab.getAttribute("data-tab"); });
        }
    });
    document.addEventListener("input", function (event) {
        var input = event.target;
        if (!(input instanceof HTMLInputElement) || !input.hasAttribute("data-filter-list")) { return; }
        var needle = input.value.trim().toLowerCase();
        document.querySelectorAll(input.getAttribute("data-filter-list") + " li").forEach(function (li) {
            li.hidden = needle.length > 0 && (li.getAttribute("data-filter-text") || "").toLowerCase().indexOf(needle) < 0;
        });
    });
    document.addEventListener("change", function (event) {
        var select = event.target;
        if (select instanceof HTMLSelectElement && select.hasAttribute("data-submit-on-change") && select.form) { select.form.submit(); }
    });
    textarea.addEventListener("keydown", function (event) {
        if ((event.ctrlKey || event.metaKey) && event.key === "Enter") { event.preventDefault(); run(); }
    });

    // ---- Monaco ---------------------------------------------------------------------------------------------------
    if (typeof window.require !== "function" || !window.require.config) { return; }
    var languages = { postgres: "pgsql", mysql: "mysql", tsql: "sql", sqlite: "sql" };
    window.MonacoEnvironment = { getWorkerUrl: function () { return "/lib/monaco/vs/base/worker/workerMain.js"; } };
    window.require.config({ paths: { vs: "/lib/monaco/vs" } });
    window.require(["vs/editor/editor.main"], function () {
        var monaco = window.monaco;
        var language = languages[page.getAttribute("data-dialect")] || "sql";
        editor = monaco.editor.create(document.getElementById("sql-editor"), {
            value: textarea.value,
            language: language,
            automaticLayout: true,
            minimap: { enabled: false },
            scrollBeyondLastLine: false,
            fontSize: 14,
            tabSize: 2,
            wordWrap: "on",
            renderLineHighlight: "line",
        });
        page.classList.add("has-editor");
        editor.onDidChangeModelContent(function () { textarea.value = editor.getValue(); });
        editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, run);
        window.applianceEditor = editor; // for the browser tests

        fetch(page.getAttribute("data-completion-url"), { credentials: "same-origin" })
            .then(function (r) { return r.ok ? r.json() : { objects: [] }; })
            .then(function (schema) { registerCompletion(monaco, language, schema.objects || []); });
    });

    function registerCompletion(monaco, language, objects) {
        var byName = {};
        objects.forEach(function (o) { byName[o.name.toLowerCase()] = o; byName[(o.schema + "." + o.name).toLowerCase()] = o; });
        var keywords = ["SELECT", "FROM", "WHERE", "JOIN", "LEFT JOIN", "INNER JOIN", "GROUP BY", "ORDER BY", "HAVING", "LIMIT", "DISTINCT",
            "COUNT(*)", "SUM", "AVG", "MIN", "MAX", "AND", "OR", "NOT", "IN", "EXISTS", "BETWEEN", "LIKE", "IS NULL", "IS NOT NULL", "AS",
            "WITH", "UNION ALL", "CASE WHEN", "THEN", "ELSE", "END", "ON", "DESC", "ASC"];

        function unquote(name) { return name.replace(/["`\[\]]/g, ""); }

        // Aliases of the statement: FROM/JOIN name [AS] alias.
        function aliases(text) {
            var map = {};
            var re = /\b(?:from|join|update|into)\s+([\w."`\[\]]+)(?:\s+(?:as\s+)?([A-Za-z_][\w]*))?/gi, m;
            while ((m = re.exec(text)) !== null) {
                var table = byName[unquote(m[1]).toLowerCase()];
                if (!table) { continue; }
                map[table.name.toLowerCase()] = table;
                if (m[2] && !/^(where|join|on|left|right|inner|outer|full|cross|group|order|limit|set|values|using)$/i.test(m[2])) {
                    map[m[2].toLowerCase()] = table;
                }
            }
            return map;
        }

        function columnItems(table, range, detailPrefix) {
            return table.columns.map(function (c) {
                return {
                    label: c.name, kind: monaco.languages.CompletionItemKind.Field, insertText: c.name, range: range,
                    detail: (detailPrefix || table.name) + " · " + c.type, documentation: c.comment || undefined, sortText: "0" + c.name,
                };
            });
        }

        monaco.languages.registerCompletionItemProvider(language, {
            triggerCharacters: ["."],
            provideCompletionItems: function (model, position) {
                var word = model.getWordUntilPosition(position);
                var range = { startLineNumber: position.lineNumber, endLineNumber: position.lineNumber, startColumn: word.startColumn, endColumn: word.endColumn };
                var before = model.getLineContent(position.lineNumber).slice(0, word.startColumn - 1);
                var text = model.getValue();
                var map = aliases(text);
                var qualified = /([\w"`\]\[]+)\.$/.exec(before);
                if (qualified) {
                    var target = map[unquote(qualified[1]).toLowerCase()] || byName[unquote(qualified[1]).toLowerCase()];
                    return { suggestions: target ? columnItems(target, range) : [] };
                }
                var suggestions = [];
                Object.keys(map).forEach(function (key) {
                    var table = map[key];
                    if (key === table.name.toLowerCase()) { suggestions = suggestions.concat(columnItems(table, range)); }
                });
                objects.forEach(function (o) {
                    suggestions.push({
                        label: o.name, kind: o.kind === "view" ? monaco.languages.CompletionItemKind.Interface : monaco.languages.CompletionItemKind.Class,
                        insertText: o.name, range: range, detail: o.schema + " · " + o.kind + " · " + o.columns.length + " columns",
                        documentation: o.comment || undefined, sortText: "1" + o.name,
                    });
                });
                keywords.forEach(function (k) {
                    suggestions.push({ label: k, kind: monaco.languages.CompletionItemKind.Keyword, insertText: k, range: range, sortText: "2" + k });
                });
                return { suggestions: suggestions };
            },
        });
    }
})();
