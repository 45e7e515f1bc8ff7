// The interactive network picture: replaces the server-rendered SVG when JavaScript runs.
// It draws what the page's JSON (#network-data) holds: one line per pair and kind, folded
// groups, communities in colour (see akteursgraph.network.picture). Labels stay at least
// 12 px at the default zoom. The picture is one Tab stop (roving focus): inside it the arrow
// keys move between actors by direction, Page Down / Page Up in reading order, Home / End to
// the first and last; Enter opens the actor's page, Tab leaves (the highlight goes with it).
(function () {
  "use strict";
  var box = document.getElementById("cy");
  var source = document.getElementById("network-data");
  if (!box || !source || typeof cytoscape === "undefined") { return; }
  var picture = JSON.parse(source.textContent);
  var kindNames = JSON.parse(box.getAttribute("data-kinds") || "{}");
  var lineNames = JSON.parse(box.getAttribute("data-lines") || "{}");
  var words = JSON.parse(box.getAttribute("data-words") || "{}");
  var FONT = 14;           // label size in model units
  var READABLE = 12;       // smallest rendered label size, in px, at the default zoom
  var shapes = {
    organisations: "ellipse", people: "triangle", projects: "round-rectangle",
    events: "hexagon", topics: "diamond", sites: "rectangle",
    "historical-persons": "pentagon", "historical-events": "octagon", group: "round-rectangle"
  };

  var elements = picture.nodes.map(function (n, i) {
    return { data: { id: n.id, label: n.label, kind: n.kind, url: n.url, colour: n.colour,
                     centre: i === 0, distance: n.distance || 0, degree: n.degree || 0,
                     links: n.links || 0, partners: n.partners || 0,
                     members: n.member_labels || [],
                     title: n.title || "", group: n.kind === "group" } };
  }).concat(picture.edges.map(function (e) {
    var d = { id: e.id, source: e.source, target: e.target, kind: e.kind,
              count: e.count, label: e.count > 1 ? String(e.count) : "",
              names: e.labels || [], grouped: e.community !== undefined,
              community: e.community };
    if (e.colour) { d.colour = e.colour; }
    return { data: d };
  }));

  box.hidden = false;
  document.getElementById("net-tools").hidden = false;
  document.getElementById("network-svg-box").style.display = "none";
  // The legend's shapes, lines and folded groups are the interactive picture's.
  Array.prototype.forEach.call(document.querySelectorAll(".net-js-only"),
                               function (el) { el.hidden = false; });

  var cy = cytoscape({
    container: box, elements: elements, wheelSensitivity: 0.2, minZoom: 0.2, maxZoom: 3,
    style: [
      { selector: "node", style: {
        label: "data(label)", "font-size": FONT, "text-wrap": "wrap", "text-max-width": 160,
        shape: function (n) { return shapes[n.data("kind")] || "ellipse"; },
        "background-color": "data(colour)", "border-width": 1, "border-color": "#1a1a1a",
        width: 18, height: 18, "text-valign": "bottom", "text-margin-y": 4, color: "#1a1a1a",
        "text-background-color": "#fff", "text-background-opacity": 0.85,
        "text-background-padding": 2, "min-zoomed-font-size": 0 } },
      { selector: "node[?centre]", style: { width: 30, height: 30, "border-width": 3, "font-weight": 700,
        "z-index": 9 } },
      { selector: "node[?group]", style: { "background-color": "#fff", "border-style": "dashed",
        "border-width": 2, "border-color": "data(colour)", width: 44, height: 22 } },
      { selector: "node.focused", style: { "border-width": 5, "border-color": "#000",
        "overlay-color": "#000", "overlay-opacity": 0.12, "overlay-padding": 8,
        "font-weight": 700, "z-index": 10 } },
      { selector: "edge", style: { width: function (e) { return Math.min(1.5 + Math.log2(e.data("count")), 6); },
        // A line's count ("3") as large as the names: at FONT - 2 it was 10.3 px at the
        // default zoom, under the 12 px the names keep (exploratory test).
        "line-color": "#8a8a8a", "curve-style": "bezier", label: "data(label)", "font-size": FONT,
        "text-background-color": "#fff", "text-background-opacity": 0.85, color: "#1a1a1a" } },
      { selector: "edge[kind = 'topic']", style: { "line-style": "dashed" } },
      { selector: "edge[colour]", style: { "line-color": "data(colour)" } },
      { selector: "edge[kind = 'membership']", style: { "target-arrow-shape": "triangle",
        "target-arrow-color": "#8a8a8a" } }
    ]
  });

  function layout() {
    // Rings first (deterministic), then fcose refines them without random starts, so the
    // same network always gets the same picture. The container's data-layout says which
    // layout the picture shows: "fcose" once fcose has finished, "concentric" when it
    // failed or is missing (tests read it: the rings are only a fallback).
    var shown = "concentric";
    cy.layout({ name: "concentric", animate: false, minNodeSpacing: 40,
                concentric: function (n) { return 10 - n.data("distance"); },
                levelWidth: function () { return 1; } }).run();
    if (typeof cytoscapeFcose !== "undefined") {
      try {
        var refined = cy.layout({ name: "fcose", randomize: false, animate: false, quality: "proof",
                    nodeRepulsion: function () { return 60000; },
                    idealEdgeLength: function (e) { return e.data("kind") === "topic" ? 220 : 160; },
                    edgeElasticity: function () { return 0.2; }, gravity: 0.08, numIter: 5000,
                    nodeSeparation: 140, packComponents: true, nodeDimensionsIncludeLabels: true,
                    fit: false });
        refined.one("layoutstop", function () { shown = "fcose"; });
        refined.run();
      } catch (err) { shown = "concentric"; /* the rings stay */ }
    }
    separateLabels();
    box.setAttribute("data-layout", shown);
    readableView();
  }

  function separateLabels() {
    // The layout keeps nodes apart, their names not always: at depth 2 around the office 24
    // pairs of names overlapped, the centre's under its neighbours' (exploratory test).
    // Pairs whose boxes (node and name) overlap are pushed apart, each by half, along the
    // axis where they overlap less, until none does (or after 80 rounds).
    var nodes = cy.nodes().toArray();
    cy.batch(function () {
      for (var round = 0; round < 80; round++) {
        var boxes = nodes.map(function (n) {
          var b = n.boundingBox({ includeEdges: false });
          return { x1: b.x1, x2: b.x2, y1: b.y1, y2: b.y2 };
        });
        var moved = false;
        for (var i = 0; i < nodes.length; i++) {
          for (var j = i + 1; j < nodes.length; j++) {
            var a = boxes[i], b = boxes[j];
            var dx = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
            var dy = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
            if (dx <= 0 || dy <= 0) { continue; }
            moved = true;
            var horizontal = dx < dy;
            var before = horizontal ? (a.x1 + a.x2) <= (b.x1 + b.x2) : (a.y1 + a.y2) <= (b.y1 + b.y2);
            var step = ((horizontal ? dx : dy) / 2 + 3) * (before ? 1 : -1);
            shift(nodes[i], a, horizontal ? -step : 0, horizontal ? 0 : -step);
            shift(nodes[j], b, horizontal ? step : 0, horizontal ? 0 : step);
          }
        }
        if (!moved) { break; }
      }
    });
  }

  function shift(node, b, x, y) {
    var p = node.position();
    node.position({ x: p.x + x, y: p.y + y });
    b.x1 += x; b.x2 += x; b.y1 += y; b.y2 += y;
  }

  function readableView() {
    // Everything in view if the labels stay readable; else readable around the centre, and
    // the page says how many actors are out of view (on a phone, half of them were, unsaid).
    cy.fit(undefined, 30);
    var least = READABLE / FONT;
    if (cy.zoom() < least) {
      cy.zoom(least);
      cy.center(cy.nodes("[?centre]"));
    }
    sayInView();
  }

  function inView() {  // "14 von 60 Akteuren im Bild: …", or "" when all are
    var ext = cy.extent(), nodes = cy.nodes(), shown = nodes.filter(function (n) {
      var b = n.boundingBox({ includeLabels: false });
      return b.x1 >= ext.x1 && b.x2 <= ext.x2 && b.y1 >= ext.y1 && b.y2 <= ext.y2;
    }).length;
    return shown < nodes.length
      ? (words.in_view || "").replace("{shown}", shown).replace("{total}", nodes.length) : "";
  }

  function sayInView() {
    var note = document.getElementById("net-view");
    if (note) { note.textContent = inView(); }
  }

  var order = cy.nodes().toArray();  // reading order: centre, then by distance and degree
  var current = -1;
  var said = document.getElementById("net-focus");

  function counted(num, one, many) {  // "1 Verbindung", "23 Verbindungen"
    return ((num === 1 ? one : many) || "").replace("{num}", num);
  }

  // An actor with its links as the tables count them ("23 Verbindungen mit 15 Akteuren"),
  // not the picture's lines, which stand for several links each; a folded group by its
  // members' names.
  function describe(n) {
    var kind = kindNames[n.data("kind")] || n.data("kind");
    var text = (n.data("title") || n.data("label")) + " – " + kind;
    if (n.data("group")) { return text + ": " + n.data("members").join(", "); }
    return text + " – " + counted(n.data("links"), words.link, words.links) + " " +
      counted(n.data("partners"), words.partner, words.partners);
  }

  function focusNode(i) {
    if (current >= 0) { order[current].removeClass("focused"); }
    current = i;
    var n = order[i];
    n.addClass("focused");
    showWhole(n);
    said.textContent = describe(n);
  }

  // The focused actor and its whole name in view: moved only as far as it must be. A node
  // near the edge kept its middle in view and its name cut off (12 of 60 actors on a
  // 390 px phone; exploratory test); a name wider than the view is centred.
  function showWhole(n) {
    var ext = cy.extent(), b = n.boundingBox({ includeLabels: true });
    var margin = 8 / cy.zoom();  // model units for 8 px on screen
    function shift(low, high, viewLow, viewHigh) {
      if (high - low > viewHigh - viewLow - 2 * margin) { return (viewLow + viewHigh - low - high) / 2; }
      if (low < viewLow + margin) { return viewLow + margin - low; }
      if (high > viewHigh - margin) { return viewHigh - margin - high; }
      return 0;
    }
    var dx = shift(b.x1, b.x2, ext.x1, ext.x2), dy = shift(b.y1, b.y2, ext.y1, ext.y2);
    if (dx || dy) { cy.panBy({ x: dx * cy.zoom(), y: dy * cy.zoom() }); }
  }

  var directions = { ArrowRight: [1, 0], ArrowLeft: [-1, 0], ArrowDown: [0, 1], ArrowUp: [0, -1] };

  function nearest(from, dir) {
    // The closest node in that direction (sideways distance counts double).
    var p = from.position(), best = -1, bestScore = Infinity;
    order.forEach(function (n, i) {
      if (n === from) { return; }
      var q = n.position(), dx = q.x - p.x, dy = q.y - p.y;
      var ahead = dx * dir[0] + dy * dir[1];
      if (ahead <= 0) { return; }
      var score = ahead + 2 * Math.abs(dx * dir[1] - dy * dir[0]);
      if (score < bestScore) { bestScore = score; best = i; }
    });
    return best;
  }

  // A click or a tap into the picture gives it the keyboard too, as its help text says:
  // cytoscape cancels the press and lets go of the focus, so the arrow keys went to the page
  // (browser walk). Taken when the press ends, after cytoscape's own handling of it.
  box.addEventListener("pointerup", function () {
    if (document.activeElement !== box) { box.focus({ preventScroll: true }); }
  }, true);
  // Back into the picture: the actor left last (the centre at first).
  box.addEventListener("focus", function () { focusNode(current < 0 ? 0 : current); });
  // Leaving it: no highlight and no announcement stay behind for what has no focus.
  box.addEventListener("blur", function () {
    if (current >= 0) { order[current].removeClass("focused"); }
    said.textContent = "";
  });
  box.addEventListener("keydown", function (ev) {
    // Tab is not handled: it leaves the picture, which is one stop in the page's tab order.
    if (ev.key === "PageDown" || ev.key === "PageUp") {
      ev.preventDefault();
      var step = ev.key === "PageDown" ? 1 : -1;
      focusNode(Math.min(Math.max(current + step, 0), order.length - 1));
    } else if (directions[ev.key]) {
      ev.preventDefault();
      if (current < 0) { focusNode(0); return; }
      var found = nearest(order[current], directions[ev.key]);
      if (found >= 0) { focusNode(found); }
    } else if (ev.key === "+" || ev.key === "=" || ev.key === "-" || ev.key === "\u2212") {
      // Zoom by key, around the focused actor: the picture could be zoomed by mouse and
      // touch alone, and the note told keyboard users to zoom (audit, WCAG 2.1.1).
      ev.preventDefault();
      var into = ev.key === "+" || ev.key === "=";
      var at = current >= 0 ? order[current].renderedPosition()
        : { x: box.clientWidth / 2, y: box.clientHeight / 2 };
      cy.zoom({ level: cy.zoom() * (into ? 1.25 : 0.8), renderedPosition: at });
      sayInView();
      said.textContent = inView() || words.all_in_view || "";
    } else if (ev.key === "Home" || ev.key === "End") {
      ev.preventDefault();
      focusNode(ev.key === "Home" ? 0 : order.length - 1);
    } else if (ev.key === "Enter" && current >= 0) {
      ev.preventDefault();
      window.location.href = order[current].data("url");
    }
  });

  cy.on("tap", "node", function (evt) { window.location.href = evt.target.data("url"); });
  // A line says what it stands for when tapped or pointed at: its kind, its count and the
  // names of what it joins ("3" between two organisations was three cooperations, named
  // only in the table below; exploratory test).
  function describeLine(e) {
    var ends = e.source().data("label") + " – " + e.target().data("label");
    var kind = lineNames[e.data("kind")] || e.data("kind");
    var count = e.data("count");
    var text = ends + ": " + kind;
    if (e.data("grouped")) {
      // The group and its members by name (`labels`), not the member the line starts at:
      // "Akademie … – Antirassismus: arbeitet zum Thema – 2 der Gruppe arbeiten dazu" named
      // neither the group nor its members, and the Akademie did not work on it (walk of
      // 2026-12-07).
      var group = (picture.communities || [])[e.data("community")];
      var said = (count === 1 ? words.member_on : words.members_on) || "";
      text = (group ? group.label : e.source().data("label")) + " – " +
        e.target().data("label") + ": " + said.replace("{num}", count);
    } else if (count > 1) {
      text += " (" + count + ")";
    }
    var names = e.data("names");
    return names.length ? text + ": " + names.join("; ") : text;
  }
  cy.on("tap mouseover", "edge", function (evt) { said.textContent = describeLine(evt.target); });
  document.getElementById("net-reset").addEventListener("click", function () {
    if (current >= 0) { order[current].removeClass("focused"); }
    current = -1;
    said.textContent = "";
    layout();
  });

  document.getElementById("net-all").addEventListener("click", function () {
    cy.fit(undefined, 20);  // every actor, whatever the size of the names
    sayInView();
  });

  // Zoomed or moved by hand (or by the arrow keys), the note follows the view, once it
  // rests: "14 von 60 Akteuren im Bild" stayed as it was, and empty after "Alle Akteure
  // zeigen" when the reader zoomed in again (exploratory test).
  var resting = null;
  cy.on("viewport", function () {
    clearTimeout(resting);
    resting = setTimeout(sayInView, 250);
  });

  layout();
  window.AKTEURSGRAPH_NETWORK = cy;
})();
