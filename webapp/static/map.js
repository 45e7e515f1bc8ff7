// Colonial-history sites on a map. The list on the page has every site; this only enhances.
// No tiles are loaded unless the operator configured a tile server (data-tiles).
(function () {
  "use strict";
  var el = document.getElementById("site-map");
  if (!el || typeof L === "undefined") { return; }
  var sites = JSON.parse(el.getAttribute("data-sites") || "[]");
  var tiles = el.getAttribute("data-tiles");
  var map = L.map(el, { scrollWheelZoom: false });
  if (tiles) {
    L.tileLayer(tiles, { maxZoom: 19, attribution: "&copy; OpenStreetMap" }).addTo(map);
  }
  var bounds = [];
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
    marker.bindTooltip(tip);
    marker.addTo(map);
    bounds.push([s.lat, s.long]);
  });
  if (bounds.length) { map.fitBounds(bounds, { padding: [30, 30] }); } else { map.setView([52.52, 13.40], 12); }
})();
