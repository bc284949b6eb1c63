/** Form pieces the pages and panels share: text fields, a submit button, a request's problems. */
import type { ComponentProps } from "react";
import { type FieldIssue, issuesOf } from "./api.ts";
import { Field } from "./ui.tsx";

/**
 * A labelled input (see `Field`) whose value is a string the caller keeps: `onValue` gets the text
 * of each edit, since that is all the forms here take from a change.
 */
export function TextField(
  { label, hint, error, onValue, ...input }:
    & Omit<ComponentProps<"input">, "onChange" | "value">
    & {
      label: string;
      hint?: string | undefined;
      error?: string | undefined;
      value: string;
      onValue: (text: string) => void;
    },
) {
  return (
    <Field label={label} hint={hint} error={error}>
      <input {...input} onChange={(e) => onValue(e.target.value)} />
    </Field>
  );
}

/** A form's submit button; while its request runs it is disabled and says so (`busyLabel`). */
export function SubmitButton(
  { busy, label, busyLabel }: { busy: boolean; label: string; busyLabel: string },
) {
  return <button type="submit" disabled={busy}>{busy ? busyLabel : label}</button>;
}

/** Why a request failed: each issue the server listed, else the error's own message. */
export function Problems({ error }: { error: unknown }) {
  if (!error) return null;
  const list = issuesOf(error);
  return (
    <div className="error" role="alert">
      {list.length
        ? list.map((x, i) => <p key={i}>{x.message}</p>)
        : <p>{(error as Error).message}</p>}
    </div>
  );
}

/** Issues as a list, each with its line when it has one (a CSV row). */
export function IssueList({ issues, testId }: { issues: readonly FieldIssue[]; testId: string }) {
  return (
    <ul className="issues" data-testid={testId}>
      {issues.map((i, k) => (
        <li key={k} data-line={i.line}>
          {i.line !== undefined && <span className="line">line {i.line}</span>} {i.message}
        </li>
      ))}
    </ul>
  );
}
