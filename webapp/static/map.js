// Colonial-history sites on a map. The list on the page has every site; this only enhances.
// No tiles are loaded unless the operator configured a tile server (data-tiles).
(function () {
  "use strict";
  var el = document.getElementById("site-map");
  if (!el || typeof L === "undefined") { return; }
  var tiles = el.getAttribute("data-tiles");
  var german = document.documentElement.lang === "de";
  // The map's section is hidden for readers without JavaScript (the list has every site);
  // shown before the map is made, which measures its box.
  el.closest("section").hidden = false;
  // Leaflet's controls are English: its zoom buttons and the title of its own link.
  // Without a tile layer nothing sets the greatest zoom, and fitting the view to one site
  // (a new office's first) asked for an infinite zoom: the marker was not drawn.
  var map = L.map(el, { scrollWheelZoom: false, zoomControl: false, maxZoom: 19 });
  L.control.zoom({
    zoomInTitle: german ? "Vergrößern" : "Zoom in",
    zoomOutTitle: german ? "Verkleinern" : "Zoom out"
  }).addTo(map);
  var credit = document.createElement("a");
  credit.href = "https://leafletjs.com";
  credit.textContent = "Leaflet";
  credit.title = german ? "Eine JavaScript-Bibliothek für interaktive Karten" : "A JavaScript library for interactive maps";
  map.attributionControl.setPrefix(credit.outerHTML);
  if (tiles) {
    // The operator's credit (AKTEURSGRAPH_TILE_ATTRIBUTION) is text: Leaflet reads markup.
    var attribution = document.createElement("span");
    attribution.textContent = el.getAttribute("data-tiles-attribution") || "";
    L.tileLayer(tiles, { maxZoom: 19, attribution: attribution.outerHTML }).addTo(map);
  }
  // The sites come from a resource of their own (data-sites-url), which the browser keeps
  // across the list's pages and filters: the map shows every site whatever the filter.
  fetch(el.getAttribute("data-sites-url"), { headers: { Accept: "application/json" } })
    .then(function (answer) { return answer.ok ? answer.json() : { sites: [] }; })
    .then(function (found) { draw(found.sites || []); });

  // The pointer over a site or over its name keeps the name; leaving both closes it after
  // a moment long enough to cross the gap between them.
  function hoverable(marker) {
    var leaving = null;
    function stay() {
      if (leaving) { clearTimeout(leaving); leaving = null; }
      if (!marker.isTooltipOpen()) { marker.openTooltip(); }
    }
    function leave() {
      if (leaving) { clearTimeout(leaving); }
      leaving = setTimeout(function () {
        leaving = null;
        if (document.activeElement !== marker.getElement()) { marker.closeTooltip(); }
      }, 300);
    }
    marker.on("mouseover", stay);
    marker.on("mouseout", leave);
    marker.on("tooltipopen", function (ev) {
      var box = ev.tooltip.getElement();  // the name's whole box, its padding included
      if (box && !box.hasAttribute("data-hoverable")) {
        box.setAttribute("data-hoverable", "");
        box.addEventListener("mouseenter", stay);
        box.addEventListener("mouseleave", leave);
      }
    });
  }

  function draw(sites) {
    var bounds = [];
    var placed = [];
    sites.forEach(function (s) {
      if (s.lat == null || s.long == null) { return; }
      var marker = L.circleMarker([s.lat, s.long], { radius: 8, color: "#0b5cad", weight: 2, fillOpacity: 0.8 });
      var link = document.createElement("a");
      link.href = s.url;
      link.textContent = s.label;
      marker.bindPopup(link);
      // A label is text: Leaflet reads a string as markup, so it gets an element with text.
      var tip = document.createElement("span");
      tip.textContent = s.label;
      // Shown by pointing, the name stays while the pointer is on it too, and goes a moment
      // after the pointer has left both (WCAG 1.4.13 "hoverable"): Leaflet's own hover
      // handlers, which closed it as the pointer moved onto it, are replaced.
      marker.bindTooltip(tip, { direction: "top", offset: [0, -14], interactive: true });
      marker.off("mouseover mouseout");
      marker.addTo(map);
      hoverable(marker);
      placed.push([marker, s]);
      bounds.push([s.lat, s.long]);
    });
    // Every site has a position (the shapes require one), and the page has a map only with
    // sites; no fallback view of some place that may not be the office's.
    if (!bounds.length) { return; }
    map.fitBounds(bounds, { padding: [30, 30], maxZoom: 16 });  // one site: its streets around it
    // Keyboard: each site is a link in the tab order (Tab moves between them, its name is
    // shown while focused, Enter opens its page, Space its popup); arrow keys and +/- move and
    // zoom the map itself once it has the focus (Leaflet's own keyboard handler). The markers'
    // elements exist once the map has a view, so this comes after it.
    // A popup opened by keyboard takes the focus on its link (it stands after every marker in
    // the page, so Tab would reach it only after all other sites); Esc closes it and returns
    // to its site. Leaflet names its close button "Close popup" in English.
    var opener = null;
    map.on("popupopen", function (ev) {
      var box = ev.popup.getElement();
      var button = box && box.querySelector(".leaflet-popup-close-button");
      if (button) { button.setAttribute("aria-label", german ? "Schließen" : "Close"); }
      var link = box && box.querySelector(".leaflet-popup-content a");
      if (opener && link) { link.focus(); }
      if (box) {
        box.addEventListener("keydown", function (key) {
          if (key.key === "Escape") { key.preventDefault(); map.closePopup(); }
        });
      }
    });
    map.on("popupclose", function () {
      // Back to its site, unless the focus has moved on elsewhere meanwhile.
      var back = opener, now = document.activeElement;
      opener = null;
      if (back && (!now || now === document.body || now.closest(".leaflet-popup"))) { back.focus(); }
    });
    placed.forEach(function (pair) {
      var marker = pair[0], s = pair[1], node = marker.getElement();
      if (!node) { return; }
      node.setAttribute("tabindex", "0");
      node.setAttribute("role", "link");
      node.setAttribute("aria-label", s.label);
      // The focus ring of a site close to others was drawn under them (SVG has no z-index, and
      // moving the focused marker to the top would change the Tab order): a ring of its own is
      // drawn on top while it has the focus, and the name stands above it, not over it.
      var ring = null;
      node.addEventListener("focus", function () {
        // A site outside the map's view (zoomed in, or moved) took the focus unseen: its ring
        // and name stood outside the map, its path undrawn (WCAG 2.4.7). The map moves to it
        // (panInside moves only a site nearer an edge than its ring and name need).
        map.panInside(marker.getLatLng(), { padding: [40, 60], animate: false });
        marker.openTooltip();
        if (!ring) {
          ring = L.circleMarker(marker.getLatLng(), {
            radius: 12, color: "#000", weight: 4, fill: false, interactive: false, className: "site-map__ring"
          }).addTo(map);
        }
      });
      node.addEventListener("blur", function () {
        marker.closeTooltip();
        if (ring) { ring.remove(); ring = null; }
      });
      node.addEventListener("keydown", function (ev) {
        if (ev.key === "Enter") { window.location.href = s.url; }
        else if (ev.key === " ") { ev.preventDefault(); opener = node; marker.openPopup(); }
        else if (ev.key === "Escape") { map.closePopup(); marker.closeTooltip(); }
      });
    });
    // Esc takes away a name shown by pointing or by the focus, wherever the focus is: it
    // stayed, over four other sites (WCAG 1.4.13, accessibility audit).
    document.addEventListener("keydown", function (ev) {
      if (ev.key !== "Escape") { return; }
      placed.forEach(function (pair) { pair[0].closeTooltip(); });
    });
  }
})();
