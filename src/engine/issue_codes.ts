/**
 * Stable codes for every input problem. Messages may be reworded; codes never change meaning, so
 * clients (and the web app) branch on the code and show the message.
 */
export const ISSUE_CODES = {
  // Lots and sequence CSV
  EMPTY_FILE: "the file has no header line",
  NO_LOTS: "the file has a header but no rows",
  MISSING_COLUMN: "a required column is not in the header",
  DUPLICATE_COLUMN: "a required column appears more than once in the header",
  FIELD_COUNT: "a row has more or fewer fields than the header",
  UNCLOSED_QUOTE: "a quoted field is never closed",
  CSV_SYNTAX: "a record cannot be read as CSV",
  EMPTY_LOT_ID: "a lot has no ID",
  EMPTY_TYPE: "a lot has no type",
  VIALS_MISSING: "a lot has no vial count",
  VIALS_NOT_WHOLE: "a vial count is not a whole number",
  VIALS_TOO_LARGE: "a vial count is beyond the largest safe integer",
  VIALS_NOT_POSITIVE: "a vial count is 0 or negative",
  DUPLICATE_LOT_ID: "two lots share an ID",
  LOT_TOO_LONG: "a lot takes longer to fill than the window allows",
  TOO_MANY_LOTS: "more lots than the server accepts in one run",
  LOTS_OR_CSV: "a run needs exactly one of lots and csv",
  UNKNOWN_LOT: "a sequence entry that matches no lot (a warning)",
  // Re-planning and rush lots
  FROZEN_LOT: "a change names a lot that has already started (it is kept as it is)",
  LOT_NOT_IN_PLAN: "a change names a lot the schedule does not have",
  INVALID_SCHEDULE_FILE: "a schedule file (JSON export) cannot be read back",
  INVALID_DUE: "a lot's due date that cannot be read",
  INVALID_PRIORITY: "a lot's priority that is not a number > 0",
  // Configuration (file, environment, flags, request layers, templates)
  CONFIG_SYNTAX: "the config file is not valid YAML/JSON",
  FILE_UNREADABLE: "a lots, sequence or config file cannot be read",
  NOT_A_MAPPING: "the config is not a mapping of keys to values",
  UNKNOWN_KEY: "a key that the input does not know",
  UNKNOWN_STRATEGY: "a strategy name that is not registered",
  UNKNOWN_OPTION: "a strategy option that the strategy does not have",
  INVALID_START_TIME: "a start time that cannot be read",
  INVALID_CALENDAR:
    "a calendar interval whose instants cannot be read or whose end is not after its start",
  NO_DUE_DATES: "a tardiness objective, but no lot has a due date",
  CONFLICTING_VALUES: "two values that contradict each other (chgDiffHours < chgSameHours)",
  // Any field (request inputs, config values)
  INVALID_TYPE: "a value of the wrong type",
  INVALID_FORMAT: "a text that does not have the required form (email, …)",
  INVALID_VALUE: "a value outside its allowed set",
  TOO_SMALL: "a value, text or list below its minimum",
  TOO_BIG: "a value, text or list above its maximum",
  // Schedule violations (the validator's findings on a list of activities)
  SCHEDULE_EMPTY: "lots but no activities",
  NO_INITIAL_CLEAN: "the first activity is not a CLEAN",
  DURATION_MISMATCH: "an activity's hours differ from its end − start",
  ACTIVITY_GAP: "time between two activities that no downtime explains",
  ACTIVITY_OVERLAP: "an activity starts before the previous one ends",
  CLEAN_DURATION: "a CLEAN that does not last cleanHours",
  WINDOW_EXCEEDED: "a block's fills and changeovers exceed the window",
  EMPTY_BLOCK: "a CLEAN followed by no fill",
  CHANGEOVER_AFTER_CLEAN: "a changeover right after a CLEAN",
  CHANGEOVER_TWICE: "two changeovers in a row",
  CHANGEOVER_WITHOUT_FILL: "a changeover followed by a CLEAN or by nothing",
  CHANGEOVER_MISSING: "a lot after another with no changeover between",
  CHANGEOVER_DURATION: "a changeover of the wrong length for its two types",
  LOT_NOT_IN_INPUT: "a fill of a lot that the input does not have",
  LOT_FILLED_TWICE: "a lot filled more than once (split)",
  LOT_NOT_FILLED: "an input lot that no fill covers",
  LOT_TYPE_MISMATCH: "a fill whose type differs from its lot's",
  FILL_DURATION: "a fill that does not last vials / rate",
  TRAILING_CLEAN: "a CLEAN after the last block",
  DOWNTIME_OVERLAP: "an activity overlaps an unavailable interval of the line's calendar",
  // Accounts
  EMAIL_TAKEN: "the email is already registered",
  WEAK_PASSWORD: "the password breaks the password policy",
  WRONG_CREDENTIALS: "wrong email or password",
  RATE_LIMITED: "too many attempts; retry after the given seconds",
  SERVER_BUSY: "too many password checks at once; retry shortly",
  TOO_MANY_SUBSCRIPTIONS: "this WebSocket already holds the most subscriptions allowed",
  // Records
  NAME_TAKEN: "a template with this name exists",
  CORRUPT_RECORD: "a stored record cannot be read",
  NOT_COMPLETED: "the schedule or comparison has not completed (export)",
  STORAGE_FULL: "the database cannot be written (disk full or read-only); retry later",
  STORAGE_BUSY: "the database stayed busy past its retries; retry shortly",
} as const;

/** One stable problem code. */
export type IssueCode = keyof typeof ISSUE_CODES;

/** The stable code of a zod issue (zod's own codes are not part of our contract). */
export function codeOfZodIssue(i: { readonly code: string }): IssueCode {
  switch (i.code) {
    case "unrecognized_keys":
      return "UNKNOWN_KEY";
    case "invalid_type":
      return "INVALID_TYPE";
    case "too_small":
      return "TOO_SMALL";
    case "too_big":
      return "TOO_BIG";
    case "invalid_format":
      return "INVALID_FORMAT";
    default:
      return "INVALID_VALUE";
  }
}

/** Every code, for schemas that read stored issues back. */
export const ISSUE_CODE_NAMES = Object.keys(ISSUE_CODES) as [IssueCode, ...IssueCode[]];
