/** What keyword search matches against: every name and description, lower-cased, in one column. */
export const searchTextOf = (parts: (string | null | undefined)[]) =>
  parts
    .filter((x): x is string => !!x)
    .join(" ")
    .toLowerCase();
