/** English abbreviations that end in a period without ending the sentence. Compared lower-cased. */
const ABBREVIATIONS = new Set([
  "e.g", "i.e", "etc", "vs", "cf", "al", "approx", "incl", "esp", "viz", "ca",
  "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "ft", "rev", "gen", "col", "lt", "sgt", "capt", "gov", "sen", "rep",
  "inc", "ltd", "co", "corp", "dept", "univ", "assn", "bros",
  "u.s", "u.k", "u.n", "e.u", "u.s.a", "a.m", "p.m", "ph.d", "b.a", "m.a", "b.sc", "m.sc", "d.c",
  "figs", "vols", "eds", "jan", "feb", "apr", "jun", "jul", "aug", "sept", "oct", "nov", "dec",
  "mon", "tue", "tues", "thu", "thur", "thurs", "fri",
]);

// Also ordinary words ("no", "p", "sec"), so they count as abbreviations only before a number: "No. 5".
const BEFORE_NUMBER = new Set(["no", "nos", "fig", "vol", "p", "pp", "ch", "sec", "art", "para", "op", "mar", "sep"]);

/** Whether `word` (the text before a period, e.g. "e.g" or "Dr") is an abbreviation, given what follows. */
export function isAbbreviation(word: string, numberFollows: boolean): boolean {
  let start = 0;
  // Opening brackets and quotes before the word do not change it: "(e.g."
  while (start < word.length && "([\"'“‘".includes(word[start]!)) start++;
  const bare = word.slice(start).toLowerCase();
  return ABBREVIATIONS.has(bare) || (numberFollows && BEFORE_NUMBER.has(bare));
}
