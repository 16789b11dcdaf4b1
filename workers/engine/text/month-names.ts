/** English month names, January first (index + 1 is the month's number), for every reader of dates. */
export const MONTH_NAMES: readonly string[] =
  "january february march april may june july august september october november december".split(" ");
