/* Texts in the page's language, shared by the editor's modules: German or English by the
 * page's `lang`, a pick from {de, en} objects (gallery titles), and shortening for labels. */

/* A function `t(textDe, textEn)` that returns the text in `lang`. */
export function translator(lang) {
  var de = lang === "de";
  return function t(textDe, textEn) {
    return de ? textDe : textEn;
  };
}

/* The text of `texts` ({de, en} or a plain string) in `lang`, else German, else English. */
export function pick(texts, lang) {
  if (!texts) return "";
  if (typeof texts === "string") return texts;
  return texts[lang] || texts.de || texts.en || "";
}

export function shorten(text, max) {
  return text.length > max ? text.substring(0, max - 1) + "…" : text;
}
