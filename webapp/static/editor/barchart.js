/* A result view for YASR: a bar chart of a two-column (label, number) result, drawn as inline
 * SVG (nothing is fetched), with the SVG as its download. */

import { shorten } from "./text.js";

var SVG_NS = "http://www.w3.org/2000/svg";
var MAX_BARS = 60;

var NUMERIC_TYPES = new RegExp(
  "^http://www\\.w3\\.org/2001/XMLSchema#(integer|decimal|double|float|long|int|short|byte|" +
    "nonNegativeInteger|positiveInteger|nonPositiveInteger|negativeInteger|unsignedLong|unsignedInt|" +
    "unsignedShort|unsignedByte)$"
);

function termLabel(term, prefixes) {
  if (!term) return "";
  if (term.type === "uri") {
    for (var name in prefixes) {
      var iri = prefixes[name];
      if (iri && term.value.indexOf(iri) === 0) return name + ":" + term.value.substring(iri.length);
    }
    return "<" + term.value + ">";
  }
  if (term.type === "bnode") return "_:" + term.value;
  return term.value;
}

function isNumber(term) {
  return (
    !!term &&
    (term.type === "literal" || term.type === "typed-literal") &&
    /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(term.value)
  );
}

/* The rows to chart, as (label, number). The label: the first column that holds text, else
 * the first that is not all numbers (an IRI), else, where every column is a number (a year
 * and its count), the first column. The value: the first other column of counts or measures
 * (xsd:integer, xsd:decimal, ...), else the first other all-numeric one. "Wachstum des
 * Netzwerks je Jahr" (?year ?newCooperations) was charted with the years as the values,
 * labelled by the counts: every bar nearly as long, "1.992" ... "2.026". */
function chartData(yasr, fallbackPrefixes) {
  var results = yasr.results;
  if (!results || typeof results.getVariables !== "function") return null;
  var vars = results.getVariables();
  var bindings = results.getBindings && results.getBindings();
  if (!vars || vars.length < 2 || !bindings || !bindings.length) return null;
  function allNumbers(name) {
    return bindings.every(function (row) { return isNumber(row[name]); });
  }
  var labelVar =
    vars.filter(function (name) {
      return bindings.some(function (row) {
        var term = row[name];
        return term && term.type !== "uri" && term.type !== "bnode" && !isNumber(term);
      });
    })[0] ||
    vars.filter(function (name) { return !allNumbers(name); })[0] ||
    vars[0];
  var numeric = vars.filter(function (name) { return name !== labelVar && allNumbers(name); });
  // Counts and measures (xsd:integer, xsd:decimal, ...) before codes that merely look numeric.
  var valueVar =
    numeric.filter(function (name) {
      return bindings.every(function (row) { return NUMERIC_TYPES.test(row[name].datatype || ""); });
    })[0] || numeric[0];
  if (!valueVar) return null;
  var prefixes = yasr.getPrefixes ? yasr.getPrefixes() : fallbackPrefixes;
  var rows = bindings.map(function (row) {
    return { label: termLabel(row[labelVar], prefixes), value: Number(row[valueVar].value) };
  });
  return { vars: [labelVar, valueVar], rows: rows };
}

function svgEl(name, attrs, text) {
  var el = document.createElementNS(SVG_NS, name);
  for (var key in attrs) el.setAttribute(key, String(attrs[key]));
  if (text !== undefined) el.textContent = text;
  return el;
}

/* `available`: the width the chart has on the page. Drawn 800 wide and scaled down, its
 * 13 px text was 6 px on a phone (browser walk): it is drawn as wide as it is shown, from
 * 300 to 800 px, its labels cut to what their share of that width holds. */
function drawBarChart(data, t, numberFormat, available) {
  var rows = data.rows.slice(0, MAX_BARS);
  var width = Math.max(300, Math.min(800, Math.floor(available) || 800));
  var rowHeight = 24, top = 30, bottom = 12, fontSize = 13;
  var fits = Math.max(8, Math.min(40, Math.floor((width * 0.4 - 12) / 7)));
  var longest = rows.reduce(function (n, row) {
    return Math.max(n, Math.min(row.label.length, fits));
  }, 4);
  var labelWidth = Math.min(320, longest * 7 + 12);
  var x0 = labelWidth + 8;
  var plotWidth = width - x0 - 80;
  var height = top + rows.length * rowHeight + bottom;
  var values = rows.map(function (row) { return row.value; });
  var low = Math.min(0, Math.min.apply(null, values));
  var high = Math.max(0, Math.max.apply(null, values));
  var span = high - low || 1;
  function x(value) {
    return x0 + ((value - low) / span) * plotWidth;
  }
  var titleId = "ag-chart-title-" + Math.random().toString(36).slice(2);
  var svg = svgEl("svg", {
    xmlns: SVG_NS,
    width: width,
    height: height,
    viewBox: "0 0 " + width + " " + height,
    role: "img",
    "aria-labelledby": titleId,
    "font-family": "system-ui, sans-serif",
    "font-size": fontSize,
  });
  svg.appendChild(
    svgEl(
      "title",
      { id: titleId },
      t("Balkendiagramm: ?" + data.vars[1] + " je ?" + data.vars[0], "Bar chart: ?" + data.vars[1] + " by ?" + data.vars[0])
    )
  );
  svg.appendChild(svgEl("rect", { x: 0, y: 0, width: width, height: height, fill: "#ffffff" }));
  svg.appendChild(svgEl("text", { x: labelWidth, y: 18, "text-anchor": "end", fill: "#1a1a1a", "font-weight": "bold" }, "?" + data.vars[0]));
  svg.appendChild(svgEl("text", { x: x0, y: 18, fill: "#1a1a1a", "font-weight": "bold" }, "?" + data.vars[1]));
  rows.forEach(function (row, i) {
    var y = top + i * rowHeight;
    var group = svgEl("g", {});
    group.appendChild(svgEl("title", {}, row.label + ": " + numberFormat.format(row.value)));
    group.appendChild(
      svgEl("text", { x: labelWidth, y: y + rowHeight / 2 + 4, "text-anchor": "end", fill: "#1a1a1a" }, shorten(row.label, fits))
    );
    var start = x(Math.min(0, row.value));
    var barWidth = Math.abs(x(row.value) - x(0));
    group.appendChild(svgEl("rect", { x: start, y: y + 3, width: barWidth, height: rowHeight - 6, fill: "#0b5cad" }));
    group.appendChild(
      svgEl("text", { x: start + barWidth + 4, y: y + rowHeight / 2 + 4, fill: "#1a1a1a" }, numberFormat.format(row.value))
    );
    svg.appendChild(group);
  });
  svg.appendChild(svgEl("line", { x1: x(0), x2: x(0), y1: top - 2, y2: height - bottom + 2, stroke: "#1a1a1a" }));
  return svg;
}

/* The YASR plugin class (register it with Yasr.registerPlugin); `t` picks the page's language,
 * `prefixes` shortens IRIs in labels when YASR has none of its own. */
export function makeBarChart(t, lang, prefixes) {
  var numberFormat = new Intl.NumberFormat(lang === "de" ? "de-DE" : "en-GB", { maximumFractionDigits: 3 });

  function BarChart(yasr) {
    this.yasr = yasr;
    this.label = t("Diagramm", "Chart");
    this.priority = 5;
    this.svgText = "";
  }
  BarChart.prototype.canHandleResults = function () {
    return chartData(this.yasr, prefixes) !== null;
  };
  BarChart.prototype.draw = function () {
    var data = chartData(this.yasr, prefixes);
    if (!data) return;
    var figure = document.createElement("figure");
    figure.className = "ag-chart";
    var svg = drawBarChart(data, t, numberFormat, this.yasr.resultsEl.clientWidth);
    figure.appendChild(svg);
    if (data.rows.length > MAX_BARS) {
      var caption = document.createElement("figcaption");
      caption.textContent = t(
        "Die ersten " + MAX_BARS + " von " + data.rows.length + " Zeilen; alle stehen in der Tabelle.",
        "The first " + MAX_BARS + " of " + data.rows.length + " rows; the table has them all."
      );
      figure.appendChild(caption);
    }
    this.yasr.resultsEl.appendChild(figure);
    this.svgText = new XMLSerializer().serializeToString(svg);
  };
  BarChart.prototype.getIcon = function () {
    var icon = svgEl("svg", { viewBox: "0 0 16 16", width: 16, height: 16, "aria-hidden": "true", fill: "currentColor" });
    icon.appendChild(svgEl("rect", { x: 1, y: 2, width: 9, height: 3 }));
    icon.appendChild(svgEl("rect", { x: 1, y: 7, width: 14, height: 3 }));
    icon.appendChild(svgEl("rect", { x: 1, y: 12, width: 6, height: 3 }));
    return icon;
  };
  BarChart.prototype.download = function (filename) {
    var self = this;
    if (!self.svgText) return undefined;
    return {
      contentType: "image/svg+xml",
      filename: (filename || "queryResults") + ".svg",
      title: t("Diagramm herunterladen (SVG)", "Download the chart (SVG)"),
      getData: function () {
        return self.svgText;
      },
    };
  };
  return BarChart;
}
