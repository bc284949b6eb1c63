/**
 * Responding to change on the schedule page: re-plan from now (changes as text), the ranked places
 * for a rush lot with "apply", and the schedule's versions. Each new version opens on its own page.
 */
import { useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useTRPC } from "./api.ts";
import { Link, navigate } from "./router.tsx";
import { ColumnHeads, Field } from "./ui.tsx";
import { Problems, SubmitButton, TextField } from "./form.tsx";
import { hours } from "./format.ts";

/** `now` for the form: this minute, as a datetime-local value in the browser's zone. */
function thisMinute(): string {
  const d = new Date();
  d.setSeconds(0, 0);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/** A datetime-local value (browser's zone) as an instant with offset. */
function asInstant(local: string): string {
  return new Date(local).toISOString();
}

/** The non-blank lines of `text`, each split at commas and trimmed. */
function rowsOf(text: string): string[][] {
  return text.split("\n").map((l) => l.trim()).filter(Boolean).map((l) =>
    l.split(",").map((s) => s.trim())
  );
}

/** Lines of `ID,TYPE,VIALS` into lots; the server judges the values. */
function lotsOf(text: string): { id: string; type: string; vials: number }[] {
  return rowsOf(text).map(([id = "", type = "", vials = ""]) => ({
    id,
    type,
    vials: Number(vials),
  }));
}

const ids = (text: string) => text.split(/[,\s]+/).map((s) => s.trim()).filter(Boolean);

/** Re-plan from an instant with lots added, removed or resized. */
export function ReplanForm({ id }: { id: string }) {
  const trpc = useTRPC();
  const m = useMutation(trpc.schedule.replan.mutationOptions({
    onSuccess: (r) => navigate(`/schedules/${r.id}`),
  }));
  const [now, setNow] = useState(thisMinute);
  const [add, setAdd] = useState("");
  const [remove, setRemove] = useState("");
  const [resize, setResize] = useState("");
  const [freezeBlock, setFreezeBlock] = useState(false);
  const [keep, setKeep] = useState("");
  return (
    <form
      aria-label="Re-plan"
      onSubmit={(e) => {
        e.preventDefault();
        const setVials = rowsOf(resize).map(([lotId = "", vials = ""]) => ({
          lotId,
          vials: Number(vials),
        }));
        m.mutate({
          id,
          now: asInstant(now),
          changes: { add: lotsOf(add), remove: ids(remove), setVials },
          freezeBlock,
          ...(keep.trim() ? { keepOrderWithinHours: Number(keep) } : {}),
        });
      }}
    >
      <p className="muted">
        What has started by then is kept exactly; the rest is planned again with the schedule's
        strategy and stored as a new version.
      </p>
      <div className="grid">
        <TextField label="Now" name="now" type="datetime-local" value={now} onValue={setNow} />
        <Field label="Add lots" hint="one per line: ID,TYPE,VIALS">
          <textarea name="add" rows={3} value={add} onChange={(e) => setAdd(e.target.value)} />
        </Field>
        <TextField label="Remove lots (IDs)" name="remove" value={remove} onValue={setRemove} />
        <Field label="Change vials" hint="one per line: ID,VIALS">
          <textarea
            name="setVials"
            rows={2}
            value={resize}
            onChange={(e) => setResize(e.target.value)}
          />
        </Field>
        <TextField
          label="Keep the order within (h)"
          hint="non-disruptive: keep the old order unless re-optimizing saves more"
          name="keepOrderWithinHours"
          inputMode="decimal"
          value={keep}
          onValue={setKeep}
        />
        <label className="check">
          <input
            type="checkbox"
            name="freezeBlock"
            checked={freezeBlock}
            onChange={(e) => setFreezeBlock(e.target.checked)}
          />{" "}
          Keep the rest of the running block too
        </label>
      </div>
      <div className="actions">
        <SubmitButton busy={m.isPending} label="Re-plan" busyLabel="Re-planning…" />
      </div>
      <Problems error={m.error} />
    </form>
  );
}

/** The ranked places for one rush lot, each with "apply". */
export function RushLotForm({ id }: { id: string }) {
  const trpc = useTRPC();
  const [lot, setLot] = useState({ id: "", type: "", vials: "" });
  const [now, setNow] = useState(thisMinute);
  const [asked, setAsked] = useState<
    { id: string; lot: { id: string; type: string; vials: number }; now: string } | null
  >(null);
  const q = useQuery({
    ...trpc.schedule.rushOptions.queryOptions(asked ?? { id, lot: { id: "", type: "", vials: 0 } }),
    enabled: asked !== null,
    retry: false,
  });
  const apply = useMutation(trpc.schedule.rushApply.mutationOptions({
    onSuccess: (r) => navigate(`/schedules/${r.id}`),
  }));
  const set = (k: keyof typeof lot) => (text: string) => setLot({ ...lot, [k]: text });
  return (
    <form
      aria-label="Rush lot"
      onSubmit={(e) => {
        e.preventDefault();
        setAsked({
          id,
          lot: { id: lot.id.trim(), type: lot.type.trim(), vials: Number(lot.vials) },
          now: asInstant(now),
        });
      }}
    >
      <div className="grid">
        <TextField label="Lot ID" name="rushId" value={lot.id} onValue={set("id")} />
        <TextField label="Type" name="rushType" value={lot.type} onValue={set("type")} />
        <TextField
          label="Vials"
          name="rushVials"
          inputMode="numeric"
          value={lot.vials}
          onValue={set("vials")}
        />
        <TextField
          label="Now"
          hint="places before what has started then are not offered"
          name="rushNow"
          type="datetime-local"
          value={now}
          onValue={setNow}
        />
      </div>
      <div className="actions">
        <SubmitButton busy={q.isFetching} label="Where does it fit?" busyLabel="Ranking…" />
      </div>
      <Problems error={q.error ?? apply.error} />
      {asked && q.data && (
        <table data-testid="rush-options">
          <caption>
            The best {q.data.options.length} of {q.data.total} places, against{" "}
            {hours(q.data.makespanHours)} now
          </caption>
          <ColumnHeads names={["#", "Place", "Makespan", "Cleans", "Lots moved", "Action"]} />
          <tbody>
            {q.data.options.map((o, i) => (
              <tr key={`${o.kind}-${o.block}-${o.position}`}>
                <td>{i + 1}</td>
                <td>
                  {o.kind === "new-block"
                    ? `new block ${o.block + 1}`
                    : `block ${o.block + 1}, position ${o.position + 1}${
                      o.kind === "push-on"
                        ? ", pushing on"
                        : o.kind === "split-block"
                        ? ", splitting it"
                        : ""
                    }`}
                </td>
                <td>{o.makespanDeltaHours >= 0 ? "+" : ""}{hours(o.makespanDeltaHours)}</td>
                <td>{o.cleansDelta ? `+${o.cleansDelta}` : "0"}</td>
                <td>
                  {o.moved.length
                    ? o.moved.map((x) => `${x.lotId} ${x.fromBlock + 1}→${x.toBlock + 1}`).join(
                      ", ",
                    )
                    : "none"}
                </td>
                <td>
                  <button
                    type="button"
                    disabled={apply.isPending}
                    onClick={() =>
                      apply.mutate({
                        id,
                        lot: asked.lot,
                        now: asked.now,
                        at: { kind: o.kind, block: o.block, position: o.position },
                      })}
                  >
                    Apply
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </form>
  );
}

/** The schedule's lineage, this version marked, each a link. */
export function VersionsList({ id }: { id: string }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.schedule.versions.queryOptions({ id }));
  if (!q.data || q.data.length < 2) {
    return <p className="muted">This is the only version of this schedule.</p>;
  }
  return (
    <table data-testid="versions">
      <ColumnHeads names={["Version", "Made by", "Makespan", "Cleans", "Input"]} />
      <tbody>
        {q.data.map((v) => (
          <tr key={v.scheduleId} aria-current={v.scheduleId === id ? "page" : undefined}>
            <td>
              {v.scheduleId === id
                ? <strong>v{v.version}</strong>
                : <Link to={`/schedules/${v.scheduleId}`}>v{v.version}</Link>}
            </td>
            <td>{v.change}</td>
            <td>{hours(v.makespanHours)}</td>
            <td>{v.cleans ?? "–"}</td>
            <td title={`input ${v.inputHash}\nconfig ${v.configHash}\nengine ${v.engineVersion}`}>
              <code>{v.inputHash.slice(0, 10)}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
