import { MAX_KEYWORDS, searchKeywords } from "../src/domain/search-keywords";

test.each([
  ["咖啡", ["咖啡"]],
  ["  Starbucks  LATTE ", ["starbucks", "latte"]],
  ["星巴克coffee", ["星巴克", "coffee"]],
  ["星巴克 拿铁 星巴克", ["星巴克", "拿铁"]],
  ["ＳＴＡＲＢＵＣＫＳ", ["starbucks"]],
  ["McDonald's", ["mcdonald's"]],
  ["- · !", []],
  ["", []],
])("%p is searched as %p", (typed, words) => {
  expect(searchKeywords(typed)).toEqual(words);
});

test("at most MAX_KEYWORDS words are searched", () => {
  const typed = Array.from({ length: 20 }, (_, i) => `w${i}`).join(" ");
  expect(searchKeywords(typed)).toHaveLength(MAX_KEYWORDS);
});
