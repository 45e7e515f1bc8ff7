/* The syntax check's finding as a line of text under the editor. YASQE marks an invalid line
 * with a red icon in the gutter and says what is wrong only in a tooltip while the pointer is
 * over that icon: nothing a keyboard or screen-reader user can reach (WCAG 2.1.1). The line
 * says the same ("Syntaxfehler in Zeile 3: …"), is the text field's description
 * (aria-describedby), and follows the text a moment after typing stops. It is no live region:
 * a query is invalid at almost every keystroke while it is typed, and the status line
 * (page.js) already announces a refused query when it is run. */

import { germanSyntax } from "./german.js";

/* Wait this long after the last change before the line follows (ms). */
var SETTLE = 400;

/* The first invalid line of `yasqe`'s query and what is wrong with it, in YASQE's English
 * ({line: 1-based, text, expected: the grammar's tokens that could come}), or null. The same
 * walk as YASQE's own checkSyntax, which keeps its finding only in the tooltip's markup. */
export function syntaxProblem(yasqe) {
  if (!yasqe || yasqe.queryValid) return null;
  var doc = yasqe.getDoc();
  for (var line = 0; line < doc.lineCount(); line++) {
    var state = yasqe.getTokenAt({ line: line, ch: doc.getLine(line).length }, true).state;
    if (state.OK) continue;
    if (state.errorMsg) return { line: line + 1, text: state.errorMsg, expected: [] };
    return { line: line + 1, text: "This line is invalid.", expected: state.possibleCurrent || [] };
  }
  return null;
}

/* The grammar's token names in words (YASQE lists up to 30, "VAR1, VAR2, NIL, IRI_REF, …,
 * DOUBLE_NEGATIVE": a researcher read parser jargon; English walk). Keywords and signs stay
 * as they are typed, in quotes. */
var TOKEN_WORDS = [
  [/^VAR[12]$/, "eine Variable (?x)", "a variable (?x)"],
  [/^IRI_REF$/, "eine IRI in <…>", "an IRI in <…>"],
  [/^PNAME_(LN|NS)$/, "ein Name mit Präfix (ag:…)", "a prefixed name (ag:…)"],
  [/^(BLANK_NODE_LABEL|ANON)$/, "ein leerer Knoten (_:b, [])", "a blank node (_:b, [])"],
  [/^NIL$/, "„()“", "\"()\""],
  [/^(TRUE|FALSE)$/, "„true“ oder „false“", '"true" or "false"'],
  [/^STRING_LITERAL/, "ein Text in Anführungszeichen", "a text in quotes"],
  [/^(INTEGER|DECIMAL|DOUBLE)/, "eine Zahl", "a number"],
  [/^LANGTAG$/, "ein Sprach-Tag (@de)", "a language tag (@de)"],
];
var MOST_WORDS = 8;

export function readableExpected(tokens, lang) {
  /* What is named in words first (a variable, an IRI: most often what is missing), then the
   * keywords and signs: property paths' "*", "?", "+", "|", "/" took all eight places
   * after a predicate (re-check). */
  var words = [];
  var signs = [];
  tokens.forEach(function (token) {
    var found = TOKEN_WORDS.find(function (entry) {
      return entry[0].test(token);
    });
    var word = found ? found[lang === "de" ? 1 : 2] : lang === "de" ? "„" + token + "“" : '"' + token + '"';
    var into = found ? words : signs;
    if (into.indexOf(word) < 0) into.push(word);
  });
  words = words.concat(signs);
  var more = words.length > MOST_WORDS;
  return words.slice(0, MOST_WORDS).join(", ") + (more ? (lang === "de" ? " und anderes" : " and more") : "");
}

/* Keep #editor-syntax in step with the current tab's query. */
export function watchSyntax(yasgui, lang, t) {
  var out = document.getElementById("editor-syntax");
  if (!out) return;
  var watched = new WeakSet();
  var timer = null;

  function show() {
    timer = null;
    var tab = yasgui.getTab();
    var yasqe = tab && tab.getYasqe();
    if (!yasqe) return;
    watch(yasqe);
    var problem = syntaxProblem(yasqe);
    if (!problem) {
      out.textContent = "";
      out.hidden = true;
      return;
    }
    var text = lang === "de" ? germanSyntax(problem.text) : problem.text;
    if (!/[.!?]$/.test(text)) text += "."; // YASQE's "Prefix 'x' is not defined" ends bare
    if (problem.expected.length)
      text += t(" Erwartet: ", " Expected: ") + readableExpected(problem.expected, lang) + ".";
    out.textContent = t("Syntaxfehler in Zeile ", "Syntax error on line ") + problem.line + ": " + text;
    out.hidden = false;
  }

  function later() {
    if (timer) clearTimeout(timer);
    timer = setTimeout(show, SETTLE);
  }

  function watch(yasqe) {
    if (watched.has(yasqe)) return;
    watched.add(yasqe);
    // The keyboard hint too: how to leave the field (Esc, then Tab) is said on entering it.
    yasqe.getInputField().setAttribute("aria-describedby", "editor-hint editor-syntax");
    yasqe.on("changes", later);
  }

  // A tab's editor is made when the tab is first shown, after the tab is selected.
  yasgui.on("tabSelect", later);
  yasgui.on("tabAdd", later);
  show();
}
