/**
 * The "why" panel beside the Gantt: why the plan cannot be better (the bound's argument, the
 * lots that force the most overhead), why each CLEAN, and a what-if form that re-solves the
 * plan under changed line values or lots and compares the result with the plan as it is.
 */
import { useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useTRPC } from "./api.ts";
import { ColumnHeads, ErrorBox, Loading } from "./ui.tsx";
import { Problems, SubmitButton, TextField } from "./form.tsx";
import { count, hours, pct } from "./format.ts";

/** Lot prices listed in the panel. */
const PRICES_SHOWN = 10;

export function WhyPanel({ id }: { id: string }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.schedule.explain.queryOptions({ id }));
  if (q.isPending) return <Loading what="Explaining the plan" />;
  if (q.isError) return <ErrorBox error={q.error} retry={() => q.refetch()} />;
  const { certificate: c, cleans } = q.data;
  return (
    <div className="why" data-testid="why-panel">
      <h3>
        Why the plan cannot be better{" "}
        <span
          className={`badge ${c.code === "PROVEN_OPTIMAL" ? "badge-optimal" : "badge-gap"}`}
          data-why="code"
        >
          {c.code === "PROVEN_OPTIMAL" ? "proven optimal" : `gap ${hours(c.gapHours)}`}
        </span>
      </h3>
      <ol className="why-steps">
        {c.steps.map((s, i) => <li key={i} data-why="step">{s}</li>)}
      </ol>
      {c.lotPrices.length > 0 && (
        <table className="why-prices">
          <caption>
            Lots that force the most overhead (their price beyond own fill and changeover)
          </caption>
          <ColumnHeads names={["Lot", "Type", "Price", "Overhead"]} />
          <tbody>
            {c.lotPrices.slice(0, PRICES_SHOWN).map((l) => (
              <tr key={l.lotId}>
                <td>{l.lotId}</td>
                <td>{l.type}</td>
                <td className="num">{hours(l.priceHours)}</td>
                <td className="num">{hours(l.overheadHours)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>Why each CLEAN</h3>
      <ol className="why-cleans">
        {cleans.map((x) => (
          <li key={x.clean} data-why="clean" data-code={x.code} data-left={x.leftHours}>
            {x.sentence}
          </li>
        ))}
      </ol>
    </div>
  );
}

/** Reasons per CLEAN (index = block it opens − 1), for the Gantt's tooltip. */
export function useCleanReasons(id: string): readonly string[] | undefined {
  const trpc = useTRPC();
  const q = useQuery(trpc.schedule.explain.queryOptions({ id }));
  return q.data?.cleans.map((c) => c.sentence);
}

type Fields = Record<"windowHours" | "cleanHours" | "chgSameHours" | "chgDiffHours", string>;

/** The line values a what-if may change, with their labels. */
const LINE_FIELDS: readonly (readonly [keyof Fields, string])[] = [
  ["windowHours", "Window (h)"],
  ["cleanHours", "CLEAN (h)"],
  ["chgSameHours", "Changeover, same type (h)"],
  ["chgDiffHours", "Changeover, type switch (h)"],
];

export function WhatIfForm({ id, current }: { id: string; current: Fields }) {
  const trpc = useTRPC();
  const m = useMutation(trpc.schedule.whatIf.mutationOptions());
  const [fields, setFields] = useState<Fields>(current);
  const [remove, setRemove] = useState("");
  const [split, setSplit] = useState("");
  const [budget, setBudget] = useState("6");
  const set = (k: keyof Fields) => (text: string) => setFields({ ...fields, [k]: text });
  const changed = (Object.keys(fields) as (keyof Fields)[])
    .filter((k) => fields[k].trim() !== "" && Number(fields[k]) !== Number(current[k]));
  const mine = () => {
    const names = [
      ...changed.map((k) => `${k} ${fields[k]}`),
      ...(remove.trim() ? [`without ${remove.trim()}`] : []),
      ...(split.trim() ? [`${split.trim()} split in two`] : []),
    ];
    return {
      name: names.join(", ") || "no change",
      set: Object.fromEntries(changed.map((k) => [k, Number(fields[k])])),
      ...(remove.trim()
        ? { removeLots: remove.split(",").map((s) => s.trim()).filter(Boolean) }
        : {}),
      ...(split.trim() ? { splitLots: [{ lotId: split.trim(), parts: 2 }] } : {}),
    };
  };
  const budgetMs = Math.round(Math.min(120, Math.max(0.1, Number(budget) || 6)) * 1000);
  return (
    <form
      className="what-if"
      aria-label="What if"
      onSubmit={(e) => {
        e.preventDefault();
        m.mutate({ id, changes: [mine()], budgetMs });
      }}
    >
      <div className="grid">
        {LINE_FIELDS.map(([k, label]) => (
          <TextField
            key={k}
            label={label}
            name={k}
            inputMode="decimal"
            value={fields[k]}
            onValue={set(k)}
          />
        ))}
        <TextField
          label="Remove lots (IDs, comma-separated)"
          name="removeLots"
          value={remove}
          onValue={setRemove}
        />
        <TextField
          label="Split a lot in two (ID)"
          name="splitLot"
          value={split}
          onValue={setSplit}
        />
        <TextField
          label="Time for all (s)"
          hint="each change set is re-solved with its own bound"
          name="budget"
          inputMode="decimal"
          value={budget}
          onValue={setBudget}
        />
      </div>
      <div className="actions">
        <SubmitButton busy={m.isPending} label="What if: my change" busyLabel="Re-solving…" />
        <button
          type="button"
          disabled={m.isPending}
          onClick={() => m.mutate({ id, budgetMs })}
        >
          What if: the usual questions
        </button>
      </div>
      <Problems error={m.error} />
      {m.data && (
        <table className="what-if-results" data-testid="what-if-results">
          <caption>
            Against the plan as it is: {hours(m.data.baseline.makespanHours)},{" "}
            {count(m.data.baseline.cleans)} CLEANs ({m.data.baseline.strategy})
          </caption>
          <ColumnHeads names={["What if", "Makespan", "Δ", "CLEANs", "Δ", "Gap"]} />
          <tbody>
            {m.data.results.map((r) => (
              <tr key={r.name} data-makespan={r.makespanHours}>
                <td>{r.name}</td>
                <td className="num">{hours(r.makespanHours)}</td>
                <td className="num">{signed(r.deltaMakespanHours)} h</td>
                <td className="num">{count(r.cleans)}</td>
                <td className="num">{r.deltaCleans > 0 ? `+${r.deltaCleans}` : r.deltaCleans}</td>
                <td className="num">{r.provenOptimal ? "proven optimal" : pct(r.gapPct, 2)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </form>
  );
}

function signed(x: number): string {
  return `${x > 0 ? "+" : ""}${x.toFixed(2)}`;
}
