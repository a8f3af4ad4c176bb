// The ERD page: pan, zoom and fit; drag tables (positions saved per workspace and connection); find and centre a table;
// click for details; focus on a table; open overview groups; export PNG. The server lays the diagram out and sends SVG
// (markup contract in Appliance.Core/Schema/Erd/ErdSvg.cs); this script only moves what is there.
(function () {
    "use strict";

    var state = null;

    function token() {
        try { return JSON.parse(document.body.getAttribute("hx-headers") || "{}").RequestVerificationToken || ""; } catch (e) { return ""; }
    }

    function parseTranslate(node) {
        var m = /translate\(\s*(-?[\d.eE+-]+)[ ,]+(-?[\d.eE+-]+)\s*\)/.exec(node.getAttribute("transform") || "");
        return m ? { x: parseFloat(m[1]), y: parseFloat(m[2]) } : { x: 0, y: 0 };
    }

    function box(node) {
        var p = parseTranslate(node);
        return { x: p.x, y: p.y, w: parseFloat(node.getAttribute("data-width")) || 0, h: parseFloat(node.getAttribute("data-height")) || 0 };
    }

    function init() {
        var view = document.getElementById("erd-view");
        if (!view) { state = null; return; }
        var svg = view.querySelector("svg.erd");
        if (!svg) { state = null; return; }
        var viewBox = (svg.getAttribute("viewBox") || "0 0 0 0").split(/[ ,]+/).map(parseFloat);
        svg.removeAttribute("viewBox");
        svg.setAttribute("width", "100%");
        svg.setAttribute("height", "100%");
        var nodes = {};
        svg.querySelectorAll("g.erd-node").forEach(function (n) { nodes[n.getAttribute("data-id")] = n; });
        var edges = {};
        svg.querySelectorAll("g.erd-edge").forEach(function (e) {
            [e.getAttribute("data-from"), e.getAttribute("data-to")].forEach(function (id) {
                (edges[id] = edges[id] || []).push(e);
            });
        });
        state = {
            view: view,
            svg: svg,
            viewport: svg.querySelector("g.erd-viewport"),
            width: viewBox[2] || 1,
            height: viewBox[3] || 1,
            nodes: nodes,
            edges: edges,
            overview: view.getAttribute("data-overview") === "true",
            scale: 1, tx: 0, ty: 0,
            selected: null,
        };
        fit();
        view.setAttribute("data-ready", "true");
    }

    function apply() {
        state.viewport.setAttribute("transform", "translate(" + state.tx + " " + state.ty + ") scale(" + state.scale + ")");
        state.view.setAttribute("data-scale", state.scale.toFixed(3));
    }

    function fit() {
        if (!state) { return; }
        var r = state.view.getBoundingClientRect();
        var pad = 24;
        var s = Math.min((r.width - pad * 2) / state.width, (r.height - pad * 2) / state.height, 1.25);
        state.scale = isFinite(s) && s > 0 ? Math.max(s, 0.02) : 1;
        state.tx = (r.width - state.width * state.scale) / 2;
        state.ty = Math.max(pad, (r.height - state.height * state.scale) / 2);
        apply();
    }

    function zoomAt(factor, cx, cy) {
        var s = Math.min(4, Math.max(0.02, state.scale * factor));
        state.tx = cx - (cx - state.tx) * (s / state.scale);
        state.ty = cy - (cy - state.ty) * (s / state.scale);
        state.scale = s;
        apply();
    }

    function centerOn(id) {
        var node = state && state.nodes[id];
        if (!node) { return false; }
        var b = box(node);
        var r = state.view.getBoundingClientRect();
        if (state.scale < 0.6) { state.scale = 0.9; }
        state.tx = r.width / 2 - (b.x + b.w / 2) * state.scale;
        state.ty = r.height / 2 - (b.y + b.h / 2) * state.scale;
        apply();
        select(node);
        node.classList.remove("found");
        void node.getBoundingClientRect();
        node.classList.add("found");
        state.view.setAttribute("data-centered", id);
        return true;
    }

    function select(node) {
        if (state.selected) {
            state.selected.classList.remove("selected");
            (state.edges[state.selected.getAttribute("data-id")] || []).forEach(function (e) { e.classList.remove("selected"); });
        }
        state.selected = node;
        if (node) {
            node.classList.add("selected");
            (state.edges[node.getAttribute("data-id")] || []).forEach(function (e) { e.classList.add("selected"); });
        }
    }

    // Routes an edge between two boxes the way the layout does in spirit: leave the child's side facing the parent,
    // bend once halfway, enter the parent's facing side.
    function route(from, to) {
        var fc = { x: from.x + from.w / 2, y: from.y + from.h / 2 };
        var tc = { x: to.x + to.w / 2, y: to.y + to.h / 2 };
        if (from.y >= to.y + to.h + 16 || to.y >= from.y + from.h + 16) {
            var down = tc.y > fc.y;
            var a = { x: fc.x, y: down ? from.y + from.h : from.y };
            var b = { x: tc.x, y: down ? to.y : to.y + to.h };
            var my = (a.y + b.y) / 2;
            return [a, { x: a.x, y: my }, { x: b.x, y: my }, b];
        }
        var right = tc.x > fc.x;
        var c = { x: right ? from.x + from.w : from.x, y: fc.y };
        var d = { x: right ? to.x : to.x + to.w, y: tc.y };
        var mx = (c.x + d.x) / 2;
        return [c, { x: mx, y: c.y }, { x: mx, y: d.y }, d];
    }

    // A crow's-foot glyph at `end` for an edge arriving from `prev`.
    function glyph(kind, end, prev) {
        var dx = end.x - prev.x, dy = end.y - prev.y;
        var len = Math.sqrt(dx * dx + dy * dy) || 1;
        var ux = dx / len, uy = dy / len, px = -uy, py = ux;
        function at(back, side) { return (end.x - ux * back + px * side).toFixed(1) + " " + (end.y - uy * back + py * side).toFixed(1); }
        if (kind === "Many") {
            return "M" + at(12, 0) + " L" + at(0, -7) + " M" + at(12, 0) + " L" + at(0, 0) + " M" + at(12, 0) + " L" + at(0, 7) + " M" + at(16, -6) + " L" + at(16, 6);
        }
        if (kind === "ZeroOrOne") {
            return "M" + at(8, -6) + " L" + at(8, 6) + " M" + at(18, 0) + " m-3.5 0 a3.5 3.5 0 1 0 7 0 a3.5 3.5 0 1 0 -7 0";
        }
        return "M" + at(8, -6) + " L" + at(8, 6) + " M" + at(13, -6) + " L" + at(13, 6);
    }

    function reroute(id) {
        (state.edges[id] || []).forEach(function (edge) {
            var from = state.nodes[edge.getAttribute("data-from")], to = state.nodes[edge.getAttribute("data-to")];
            if (!from || !to || from === to) { return; }
            var pts = route(box(from), box(to));
            var line = edge.querySelector("path.erd-line");
            if (line) { line.setAttribute("d", "M" + pts.map(function (p) { return p.x.toFixed(1) + " " + p.y.toFixed(1); }).join(" L")); }
            var endFrom = edge.querySelector("path.erd-end-from"), endTo = edge.querySelector("path.erd-end-to");
            if (endFrom) { endFrom.setAttribute("d", glyph(edge.getAttribute("data-from-end") || "Many", pts[0], pts[1])); }
            if (endTo) { endTo.setAttribute("d", glyph(edge.getAttribute("data-to-end") || "One", pts[pts.length - 1], pts[pts.length - 2])); }
        });
    }

    function savePosition(id, node) {
        var url = state.view.getAttribute("data-positions-url");
        if (!url) { return; }
        var p = parseTranslate(node);
        var body = new URLSearchParams();
        body.append("table", id);
        body.append("x", p.x.toFixed(1));
        body.append("y", p.y.toFixed(1));
        fetch(url, { method: "POST", body: body, headers: { RequestVerificationToken: token() }, credentials: "same-origin" })
            .then(function (r) { state && state.view.setAttribute("data-saved", r.ok ? id : "failed"); });
    }

    function loadInto(url, target) {
        if (window.htmx) { window.htmx.ajax("GET", url, { target: target, headers: { "HX-Target": target.replace("#", "") } }); }
        else { window.location.href = url; }
    }

    function navigate(url) {
        if (!window.htmx) { window.location.href = url; return; }
        window.htmx.ajax("GET", url, { target: "#erd-canvas", headers: { "HX-Target": "erd-canvas" } }).then(function () {
            window.history.pushState({}, "", url);
        });
    }

    function showDetails(id) {
        var page = document.getElementById("erd-page");
        if (page) { loadInto(page.getAttribute("data-details-url") + encodeURIComponent(id), "#erd-details"); }
    }

    function focusOn(id) {
        var url = state.view.getAttribute("data-focus-url").replace("__TABLE__", encodeURIComponent(id));
        var input = document.getElementById("erd-focus");
        if (input) { input.value = id; }
        var hops = document.querySelector(".erd-hops");
        if (hops) { hops.hidden = false; }
        navigate(url);
    }

    function find(value) {
        if (!state || !value) { return; }
        value = value.trim();
        var id = state.nodes[value] ? value : null;
        if (!id) {
            Object.keys(state.nodes).some(function (k) {
                var n = state.nodes[k];
                if ((n.getAttribute("data-name") || "").toLowerCase() === value.toLowerCase()) { id = k; return true; }
                return false;
            });
        }
        if (id && !state.overview) { centerOn(id); showDetails(id); return; }
        var known = Array.prototype.some.call(document.querySelectorAll("#erd-table-ids option"), function (o) {
            if (o.value === value || o.value.split(".").pop().toLowerCase() === value.toLowerCase()) { value = o.value; return true; }
            return false;
        });
        if (known) { focusOn(value); }
    }

    function exportPng(button) {
        button.disabled = true;
        fetch(button.getAttribute("data-svg-url"), { credentials: "same-origin" }).then(function (r) { return r.text(); }).then(function (text) {
            var image = new Image();
            image.onload = function () {
                var ratio = Math.min(2, 16000 / Math.max(image.width, image.height, 1));
                var canvas = document.createElement("canvas");
                canvas.width = Math.max(1, Math.round(image.width * ratio));
                canvas.height = Math.max(1, Math.round(image.height * ratio));
                var g = canvas.getContext("2d");
                g.fillStyle = "#ffffff";
                g.fillRect(0, 0, canvas.width, canvas.height);
                g.drawImage(image, 0, 0, canvas.width, canvas.height);
                canvas.toBlob(function (blob) {
                    var a = document.createElement("a");
                    a.href = URL.createObjectURL(blob);
                    a.download = "erd.png";
                    document.body.appendChild(a);
                    a.click();
                    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
                    button.disabled = false;
                }, "image/png");
            };
            image.onerror = function () { button.disabled = false; };
            image.src = "data:image/svg+xml;base64," + btoa(unescape(encodeURIComponent(text)));
        }).catch(function () { button.disabled = false; });
    }

    // Pointer handling: drag a table, or pan the background; a press without movement is a click.
    var gesture = null;
    document.addEventListener("pointerdown", function (event) {
        if (!state || !state.view.contains(event.target) || event.button !== 0) { return; }
        var node = event.target.closest ? event.target.closest("g.erd-node") : null;
        gesture = { node: node, x: event.clientX, y: event.clientY, moved: false, start: node ? parseTranslate(node) : { x: state.tx, y: state.ty } };
        state.view.setPointerCapture(event.pointerId);
    });
    document.addEventListener("pointermove", function (event) {
        if (!gesture || !state) { return; }
        var dx = event.clientX - gesture.x, dy = event.clientY - gesture.y;
        if (!gesture.moved && Math.abs(dx) + Math.abs(dy) < 4) { return; }
        gesture.moved = true;
        if (gesture.node && !state.overview) {
            // The layout keeps boxes at or right of and below the origin, so a drag stops there too: what is seen is what is saved.
            var x = Math.max(0, gesture.start.x + dx / state.scale), y = Math.max(0, gesture.start.y + dy / state.scale);
            gesture.node.setAttribute("transform", "translate(" + x.toFixed(1) + " " + y.toFixed(1) + ")");
            reroute(gesture.node.getAttribute("data-id"));
        } else {
            state.tx = gesture.start.x + dx;
            state.ty = gesture.start.y + dy;
            apply();
        }
    });
    document.addEventListener("pointerup", function () {
        if (!gesture || !state) { gesture = null; return; }
        var g = gesture;
        gesture = null;
        if (!g.node) { return; }
        var id = g.node.getAttribute("data-id");
        if (g.moved && !state.overview) { savePosition(id, g.node); return; }
        if (state.overview) {
            navigate(state.view.getAttribute("data-group-url").replace("__GROUP__", encodeURIComponent(id)));
        } else {
            select(g.node);
            showDetails(id);
        }
    });

    document.addEventListener("wheel", function (event) {
        if (!state || !state.view.contains(event.target)) { return; }
        event.preventDefault();
        var r = state.view.getBoundingClientRect();
        zoomAt(Math.exp(-event.deltaY * 0.0015), event.clientX - r.left, event.clientY - r.top);
    }, { passive: false });

    document.addEventListener("click", function (event) {
        var control = event.target.closest ? event.target.closest("[data-erd]") : null;
        if (!control || !state) { return; }
        var action = control.getAttribute("data-erd");
        var r = state.view.getBoundingClientRect();
        if (action === "fit") { fit(); }
        else if (action === "zoom-in") { zoomAt(1.25, r.width / 2, r.height / 2); }
        else if (action === "zoom-out") { zoomAt(0.8, r.width / 2, r.height / 2); }
        else if (action === "png") { exportPng(control); }
        else if (action === "focus") { focusOn(control.getAttribute("data-table")); }
        else if (action === "center") {
            var id = control.getAttribute("data-table");
            if (!centerOn(id)) { focusOn(id); } else { showDetails(id); }
        }
    });

    document.addEventListener("keydown", function (event) {
        if (!state) { return; }
        var search = document.getElementById("erd-search");
        if (event.target === search && event.key === "Enter") { event.preventDefault(); find(search.value); return; }
        if (event.target !== state.view) { return; }
        var r = state.view.getBoundingClientRect();
        var step = 60;
        if (event.key === "+" || event.key === "=") { zoomAt(1.25, r.width / 2, r.height / 2); }
        else if (event.key === "-") { zoomAt(0.8, r.width / 2, r.height / 2); }
        else if (event.key === "0") { fit(); }
        else if (event.key === "ArrowLeft") { state.tx += step; apply(); }
        else if (event.key === "ArrowRight") { state.tx -= step; apply(); }
        else if (event.key === "ArrowUp") { state.ty += step; apply(); }
        else if (event.key === "ArrowDown") { state.ty -= step; apply(); }
        else { return; }
        event.preventDefault();
    });

    document.addEventListener("change", function (event) {
        if (event.target && event.target.id === "erd-search") { find(event.target.value); }
    });

    document.addEventListener("htmx:afterSwap", function (event) {
        if (event.detail && event.detail.target && event.detail.target.id === "erd-canvas") { init(); }
    });
    window.addEventListener("resize", function () { if (state) { fit(); } });
    if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
