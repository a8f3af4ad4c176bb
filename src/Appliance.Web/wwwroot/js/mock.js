// The mock data page: table filter and select all/none, the download started as a real form post (so the browser
// streams the file to disk) with its progress polled through htmx, and small states that follow the plan.
// Planning, previews and loads are htmx; without script the form still posts and the page renders.
(function () {
    "use strict";

    var form = document.getElementById("mock-form");

    document.addEventListener("change", function (event) {
        var select = event.target;
        if (select instanceof HTMLSelectElement && select.hasAttribute("data-submit-on-change") && select.form) { select.form.submit(); }
    });
    if (!form) { return; }

    // A random id without crypto.randomUUID, which plain-HTTP appliances (no secure context) do not have.
    function newId() {
        var b = new Uint8Array(16);
        window.crypto.getRandomValues(b);
        b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
        var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
        return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
    }

    function boxes() { return Array.prototype.slice.call(form.querySelectorAll(".mock-table-list input[name=t]")); }

    function updateCount() {
        var label = form.querySelector("[data-selected-count]");
        if (!label) { return; }
        var all = boxes();
        var chosen = all.filter(function (b) { return b.checked; }).length;
        label.textContent = chosen + " of " + all.length + " chosen";
    }

    function syncFormat() {
        var select = form.querySelector("[data-format-select]");
        var isSql = select && select.value === "sql";
        form.querySelectorAll("[data-sql-only]").forEach(function (e) { e.hidden = !isSql; });
    }

    // After each plan: block the outputs while the plan has errors, and mark the table shown.
    function syncPlan() {
        var summary = form.querySelector("#mock-summary [data-blocked]");
        var blocked = summary && summary.getAttribute("data-blocked") === "true";
        var download = form.querySelector("#download-button");
        if (download) { download.disabled = !!blocked; }
        // Loading also needs a target chosen.
        var load = form.querySelector("[data-load-button]");
        var target = form.querySelector("select[name=target]");
        if (load) { load.disabled = !!blocked || !target || !target.value; }
        var focus = form.querySelector("#mock-plan input[name=focus]");
        var name = focus ? focus.value : "";
        form.querySelectorAll(".mock-table-list li").forEach(function (li) { li.classList.toggle("focused", li.getAttribute("data-table") === name); });
    }

    function replan() { form.dispatchEvent(new Event("change", { bubbles: true })); }

    form.addEventListener("input", function (event) {
        var input = event.target;
        if (!(input instanceof HTMLInputElement)) { return; }
        if (input.hasAttribute("data-table-filter")) {
            var needle = input.value.trim().toLowerCase();
            form.querySelectorAll(".mock-table-list li").forEach(function (li) {
                li.hidden = needle.length > 0 && (li.getAttribute("data-filter-text") || "").toLowerCase().indexOf(needle) < 0;
            });
        } else if (input.hasAttribute("data-default-rows")) {
            form.querySelectorAll(".mock-table-list .rows-input").forEach(function (r) { r.placeholder = input.value; });
        }
    });
    // The filter is not part of the plan: keep its keystrokes from re-planning.
    form.addEventListener("change", function (event) {
        if (event.target instanceof Element && event.target.hasAttribute("data-table-filter")) { event.stopPropagation(); }
        if (event.target instanceof Element && event.target.matches("input[name=t]")) { updateCount(); }
        if (event.target instanceof Element && event.target.hasAttribute("data-format-select")) { syncFormat(); }
        if (event.target instanceof Element && event.target.matches("select[name=target]")) { syncPlan(); }
    }, true);
    form.addEventListener("keydown", function (event) {
        if (event.key === "Enter" && event.target instanceof Element && event.target.hasAttribute("data-table-filter")) { event.preventDefault(); }
    });

    form.addEventListener("click", function (event) {
        var target = event.target instanceof Element ? event.target : null;
        if (!target) { return; }
        var select = target.closest("[data-select]");
        if (select) {
            var on = select.getAttribute("data-select") === "all";
            boxes().forEach(function (b) { if (!b.closest("li").hidden) { b.checked = on; } });
            updateCount();
            replan();
            return;
        }
        if (target.closest("[data-new-seed]")) {
            event.preventDefault();
            var seed = form.querySelector("input[name=seed]");
            seed.value = String(Math.floor(Math.random() * 1000000000));
            replan();
            return;
        }
        if (target.closest("[data-dismiss-run]")) {
            document.getElementById("mock-run").innerHTML = "";
            return;
        }
        if (target.closest("#download-button")) {
            event.preventDefault();
            download();
        }
    });

    // The file comes from a real form post (streamed to disk by the browser, nothing held in the page); its progress
    // is polled by id. A post that cannot start answers 204, so the page stays and the status says why.
    function download() {
        var id = newId();
        var field = document.createElement("input");
        field.type = "hidden";
        field.name = "downloadId";
        field.value = id;
        form.appendChild(field);
        var action = form.getAttribute("action");
        form.setAttribute("action", form.getAttribute("data-download-url"));
        HTMLFormElement.prototype.submit.call(form);
        form.setAttribute("action", action);
        form.removeChild(field);
        var url = form.getAttribute("data-download-status-url") + "&id=" + id + "&n=0";
        setTimeout(function () {
            if (window.htmx) { window.htmx.ajax("GET", url, { target: "#mock-run", swap: "innerHTML" }); }
        }, 250);
    }

    // Typing on while a plan is on its way: the answer replaces the plan's fields with what was sent, so keep what the
    // user typed since (by field id) and send it again.
    var sent = {};
    var typed = {};
    function planFields() {
        var plan = document.getElementById("mock-plan");
        return plan ? Array.prototype.slice.call(plan.querySelectorAll("input[id]:not([type=hidden]), select[id], textarea[id]")) : [];
    }
    function valueOf(field) { return field.type === "checkbox" ? String(field.checked) : field.value; }
    document.body.addEventListener("htmx:beforeRequest", function (event) {
        if (event.detail.elt !== form) { return; }
        sent = {};
        planFields().forEach(function (f) { sent[f.id] = valueOf(f); });
    });
    document.body.addEventListener("htmx:beforeSwap", function (event) {
        typed = {};
        if (!event.detail.target || event.detail.target.id !== "mock-plan") { return; }
        planFields().forEach(function (f) {
            if (Object.prototype.hasOwnProperty.call(sent, f.id) && sent[f.id] !== valueOf(f)) { typed[f.id] = valueOf(f); }
        });
    });
    document.body.addEventListener("htmx:afterSwap", function (event) {
        if (!event.detail.target || event.detail.target.id !== "mock-plan") { return; }
        var again = false;
        Object.keys(typed).forEach(function (id) {
            var field = document.getElementById(id);
            if (!field) { return; }
            if (field.type === "checkbox") { field.checked = typed[id] === "true"; } else { field.value = typed[id]; }
            again = true;
        });
        typed = {};
        if (again) { replan(); }
    });

    document.body.addEventListener("htmx:afterSettle", syncPlan);
    updateCount();
    syncFormat();
    syncPlan();
})();
