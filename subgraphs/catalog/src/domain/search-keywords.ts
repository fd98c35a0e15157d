// What a member types into the mall's search box, as the words that must all
// occur in a benefit's search text. Chinese is written without spaces and
// often mixed with Latin ("星巴克coffee"), so a run of Han characters and a run
// of other characters are separate words.
export const MAX_KEYWORDS = 8;

const RUNS = /\p{Script=Han}+|[^\s\p{Script=Han}]+/gu;
// Punctuation alone (a lone "-" or "·") finds nothing useful; drop it.
const MEANINGFUL = /[\p{L}\p{N}]/u;

export function searchKeywords(keyword: string): string[] {
  const words = keyword.toLowerCase().normalize("NFKC").match(RUNS) ?? [];
  return [...new Set(words.filter((word) => MEANINGFUL.test(word)))].slice(0, MAX_KEYWORDS);
}
