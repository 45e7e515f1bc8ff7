// The workspace's edit forms, enhanced: suggestions for links (an ARIA combobox with a
// listbox, fed by /workspace/suggest from the search index) and "add another" for
// repeatable fields. Without this script the forms work as they are (search-and-choose with
// the "Find" button; one empty input more than the values held).
(function () {
  "use strict";
  var lang = document.documentElement.lang || "de";
  // The words come from the page (the form's data-words, from the catalogue), so they are
  // translated like the rest. "found" has a form per plural category ("1 Vorschlag",
  // "2 Vorschläge"), picked with the language's own rule as ngettext picks it on the server.
  var form = document.querySelector("form[data-words]");
  var words = JSON.parse((form && form.getAttribute("data-words")) || "{}");
  var plural = new Intl.PluralRules(lang);

  function found(n) {
    var forms = words.found || {};
    return (forms[plural.select(n)] || forms.other || "{n}").replace("{n}", n.toLocaleString(lang));
  }
  var counter = 0;

  function combobox(input) {
    var hidden = document.getElementById(input.getAttribute("data-target"));
    if (!hidden) { return; }
    // The entry chosen and its name: a text typed back to that name keeps it (typing a
    // letter and deleting it had cleared the link, and saving looked the name up anew).
    var chosenIri = hidden.value;
    var chosenName = input.value;
    var list = document.createElement("ul");
    var status = document.createElement("span");
    var id = "suggest-list-" + (counter += 1);
    var timer = null;
    var active = -1;
    list.id = id;
    list.setAttribute("role", "listbox");
    list.className = "suggestions";
    list.hidden = true;
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", id);
    input.parentNode.insertBefore(list, input.nextSibling);
    input.parentNode.insertBefore(status, list.nextSibling);

    function close() {
      list.hidden = true;
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }
    function choose(option) {
      hidden.value = chosenIri = option.getAttribute("data-iri");
      input.value = chosenName = option.textContent;
      close();
    }
    function highlight(index) {
      var options = list.querySelectorAll("[role=option]");
      if (!options.length) { return; }
      active = (index + options.length) % options.length;
      for (var i = 0; i < options.length; i += 1) {
        options[i].setAttribute("aria-selected", i === active ? "true" : "false");
      }
      input.setAttribute("aria-activedescendant", options[active].id);
    }
    function show(results) {
      list.textContent = "";
      results.forEach(function (r, i) {
        var li = document.createElement("li");
        li.id = id + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.setAttribute("data-iri", r.iri);
        li.textContent = r.label;
        li.addEventListener("mousedown", function (event) {
          event.preventDefault();
          choose(li);
        });
        list.appendChild(li);
      });
      list.hidden = results.length === 0;
      input.setAttribute("aria-expanded", results.length ? "true" : "false");
      status.textContent = results.length ? found(results.length) : words.none;
    }
    input.addEventListener("input", function () {
      // A changed text is a new search, not the chosen entry; its own name again, it is.
      hidden.value = chosenIri && input.value === chosenName ? chosenIri : "";
      window.clearTimeout(timer);
      var text = input.value.trim();
      if (text.length < 2) { close(); return; }
      timer = window.setTimeout(function () {
        var url = input.getAttribute("data-suggest");
        url += (url.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(text);
        fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.json() : []; })
          .then(show)
          .catch(close);
      }, 200);
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) { return; }
      if (event.key === "ArrowDown") { event.preventDefault(); highlight(active + 1); }
      else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active - 1); }
      else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        choose(list.querySelectorAll("[role=option]")[active]);
      } else if (event.key === "Escape") { close(); }
    });
    input.addEventListener("blur", close);
  }

  function repeatable(fieldset) {
    var rows = fieldset.querySelectorAll(".field-row");
    if (!rows.length) { return; }
    var max = parseInt(fieldset.getAttribute("data-repeatable"), 10);
    var button = document.createElement("button");
    var text = document.createElement("span");
    button.type = "button";
    button.className = "add-another kern-btn kern-btn--tertiary";
    text.className = "kern-label";
    text.textContent = words.add;
    button.appendChild(text);
    button.addEventListener("click", function () {
      var all = fieldset.querySelectorAll(".field-row");
      if (max && all.length >= max) { return; }
      var last = all[all.length - 1];
      var copy = last.cloneNode(true);
      var n = all.length;
      copy.querySelectorAll("[id]").forEach(function (el) {
        el.id = el.id.replace(/-\d+(?=(-[a-z]+)?$)/, "-" + n);
      });
      copy.querySelectorAll("label[for]").forEach(function (el) {
        el.htmlFor = el.htmlFor.replace(/-\d+(?=(-[a-z]+)?$)/, "-" + n);
      });
      copy.querySelectorAll("[data-target]").forEach(function (el) {
        el.setAttribute("data-target", el.getAttribute("data-target").replace(/-\d+-iri$/, "-" + n + "-iri"));
      });
      copy.querySelectorAll("ul.suggestions, span[role=status]").forEach(function (el) { el.remove(); });
      copy.querySelectorAll("input, textarea").forEach(function (el) {
        if (el.type !== "checkbox") { el.value = ""; }
        el.removeAttribute("aria-invalid");
      });
      last.parentNode.insertBefore(copy, last.nextSibling);
      copy.querySelectorAll("input[data-suggest]").forEach(combobox);
      var first = copy.querySelector("input:not([type=hidden]), textarea");
      if (first) { first.focus(); }
      if (max && n + 1 >= max) { button.hidden = true; }
    });
    fieldset.appendChild(button);
  }

  document.querySelectorAll("input[data-suggest]").forEach(combobox);
  document.querySelectorAll("fieldset[data-repeatable]").forEach(function (fieldset) {
    if (!fieldset.querySelector(".choices, select")) { repeatable(fieldset); }
  });
  var problems = document.getElementById("form-problems");
  if (problems) { problems.focus(); }
}());
