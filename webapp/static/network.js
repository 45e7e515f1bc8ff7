// The interactive network picture: enhances the server-rendered SVG when JavaScript runs.
(function () {
  "use strict";
  var box = document.getElementById("cy");
  if (!box || typeof cytoscape === "undefined") { return; }
  var colours = { organisations: "#0b5cad", people: "#8a3b12", topics: "#2e7d32", projects: "#6a1b9a",
                  events: "#6a1b9a", sites: "#5d4037", persons: "#5d4037" };
  fetch(box.getAttribute("data-api"), { headers: { Accept: "application/json" } })
    .then(function (r) { return r.json(); })
    .then(function (ego) {
      var elements = ego.nodes.map(function (n, i) {
        return { data: { id: n.id, label: n.label, kind: n.kind, url: n.url, centre: i === 0,
                         distance: n.distance || 0 } };
      }).concat(ego.edges.map(function (e, i) {
        return { data: { id: "e" + i, source: e.source, target: e.target, kind: e.kind } };
      }));
      box.hidden = false;
      document.getElementById("network-svg").style.display = "none";
      var cy = cytoscape({
        container: box, elements: elements, wheelSensitivity: 0.2,
        // Rings by distance from the centre: deterministic and keeps labels apart.
        layout: { name: "concentric", animate: false, minNodeSpacing: 38, avoidOverlap: true,
                  concentric: function (n) { return 10 - n.data("distance"); },
                  levelWidth: function () { return 1; } },
        style: [
          { selector: "node", style: { label: "data(label)", "font-size": 10, "text-wrap": "ellipsis",
            "text-max-width": 140, "background-color": function (n) { return colours[n.data("kind")] || "#555"; },
            width: 14, height: 14, "text-valign": "bottom", "text-margin-y": 3,
            "min-zoomed-font-size": 7, "text-background-color": "#fff", "text-background-opacity": 0.8 } },
          { selector: "node[?centre]", style: { width: 24, height: 24, "border-width": 3, "border-color": "#1a1a1a" } },
          { selector: "edge", style: { width: 1.5, "line-color": "#9e9e9e", "curve-style": "bezier" } },
        ],
      });
      cy.on("tap", "node", function (evt) { window.location.href = evt.target.data("url"); });
      window.AKTEURSGRAPH_NETWORK = cy;
    })
    .catch(function () { /* the SVG stays */ });
})();
