/**
 * New schedule or comparison (one page, so about 375 lines: its form state is shared by every
 * part below): lots from a file (picker or drag and drop) or pasted, a preview with
 * every error at its line (checked here by the engine's own parser, and again by the server),
 * strategy with its options, config template and overrides, start time in a chosen zone.
 */
import { type DragEvent, type FormEvent, useEffect, useMemo, useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { errorMessage, type FieldIssue, issuesOf, useTRPC } from "../api.ts";
import { navigate } from "../router.tsx";
import { Card, ColumnHeads, ErrorBox, Field, Loading } from "../ui.tsx";
import { IssueList, TextField } from "../form.tsx";
import { type ConfigDraft, ConfigEditor, draftToLayer, layerToDraft } from "../config_editor.tsx";
import { count, hours, instant, userZone } from "../format.ts";

type ParseLots = typeof import("../../../engine/core.ts").parseLotsCsv;

const ZONES: string[] = (() => {
  try {
    return (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf(
      "timeZone",
    );
  } catch {
    return ["UTC"];
  }
})();

export function NewRunPage() {
  const trpc = useTRPC();
  const strategies = useQuery(trpc.strategies.list.queryOptions());
  const templates = useQuery(trpc.config.templates.list.queryOptions());
  const system = useQuery(trpc.config.system.queryOptions());
  // The engine's own CSV parser, loaded with this page only (it is not part of the first load).
  const [parse, setParse] = useState<ParseLots | null>(null);
  const [parserError, setParserError] = useState<unknown>(null);
  useEffect(() => {
    import("../../../engine/core.ts").then(
      (m) => setParse(() => m.parseLotsCsv),
      setParserError,
    );
  }, []);
  const [csv, setCsv] = useState("");
  const [fileName, setFileName] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [mode, setMode] = useState<"schedule" | "compare">("schedule");
  const [strategy, setStrategy] = useState("opt-pack");
  const [compareSet, setCompareSet] = useState<string[]>([]);
  const [options, setOptions] = useState<Record<string, string>>({});
  const [templateId, setTemplateId] = useState("");
  const [draft, setDraft] = useState<ConfigDraft>(layerToDraft({}));
  const [name, setName] = useState("");
  const [start, setStart] = useState("");
  const [zone, setZone] = useState(userZone());
  const [serverIssues, setServerIssues] = useState<FieldIssue[]>([]);
  const create = useMutation(trpc.schedule.create.mutationOptions());
  const compare = useMutation(trpc.compare.create.mutationOptions());
  const layer = draftToLayer(draft);
  const defaults = system.data?.defaults as Record<string, unknown> | undefined;
  const parsed = useMemo(
    () =>
      csv.trim() && parse && defaults
        ? parse(
          csv,
          { ...defaults, ...layer, timeZone: zone } as unknown as Parameters<typeof parse>[1],
        )
        : null,
    [csv, parse, defaults, JSON.stringify(layer), zone],
  );
  const chosen = strategies.data?.find((s) => s.name === strategy);
  const readFile = async (f: File | undefined) => {
    if (!f) return;
    setFileName(f.name);
    setCsv(await f.text());
    setServerIssues([]);
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    void readFile(e.dataTransfer.files[0]);
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setServerIssues([]);
    const opts: Record<string, unknown> = {};
    for (const o of chosen?.options ?? []) {
      const v = options[o.name];
      if (v === undefined || v === "") continue;
      opts[o.name] = o.type === "boolean" ? v === "true" : o.type === "enum" ? v : Number(v);
    }
    const config: Record<string, unknown> = { ...layer, timeZone: zone };
    if (Object.keys(opts).length && mode === "schedule") {
      config.strategyOptions = { [strategy]: opts };
    }
    const common = {
      csv,
      config,
      ...(templateId ? { templateId } : {}),
      ...(start ? { startTime: start.replace("T", " ") } : {}),
      ...(name.trim() ? { name: name.trim() } : {}),
    };
    try {
      if (mode === "schedule") {
        const r = await create.mutateAsync({ ...common, strategy });
        navigate(`/schedules/${r.id}`);
      } else {
        const r = await compare.mutateAsync({
          ...common,
          strategies: compareSet.length ? compareSet : "all",
        });
        navigate(`/compare/${r.id}`);
      }
    } catch (err) {
      setServerIssues(issuesOf(err));
    }
  };
  const failure = create.error ?? compare.error;
  const localIssues = parsed?.issues ?? [];
  const blocking = !parsed || localIssues.length > 0;
  return (
    <form onSubmit={submit} className="new-run" aria-labelledby="new-title">
      <h1 id="new-title">New schedule</h1>
      <Card title="1. Lots">
        <div
          className={`drop${dragging ? " drop-active" : ""}`}
          onDragOver={(e) => (e.preventDefault(), setDragging(true))}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          data-testid="dropzone"
        >
          <p>
            Drop a lots CSV here (columns Lot ID, Type, Vials; optional Due and Priority), or
          </p>
          <label className="file">
            Choose a CSV file
            <input
              type="file"
              accept=".csv,text/csv,text/plain"
              onChange={(e) => void readFile(e.target.files?.[0])}
            />
          </label>
          {fileName && <p className="muted">Loaded {fileName}</p>}
        </div>
        <Field label="…or paste the CSV">
          <textarea
            name="csv"
            rows={6}
            value={csv}
            spellCheck={false}
            onChange={(e) => (setCsv(e.target.value), setFileName(null), setServerIssues([]))}
          />
        </Field>
        {localIssues.length > 0 && (
          <div className="error" role="alert">
            <strong>
              {localIssues.length} problem{localIssues.length > 1 ? "s" : ""} in the CSV:
            </strong>
            <IssueList issues={localIssues} testId="csv-issues" />
          </div>
        )}
        {parserError ? <ErrorBox error={parserError} /> : null}
        {csv.trim() && !parsed && !parserError && <Loading what="Checking the CSV" />}
        {parsed && parsed.lots.length > 0 && (
          <Preview
            lots={parsed.lots}
            csv={csv}
            rate={Number(defaults?.fillRateVph ?? 1)}
            zone={zone}
          />
        )}
      </Card>
      <Card title="2. Strategy">
        <fieldset className="inline">
          <legend>Run</legend>
          <label>
            <input
              type="radio"
              name="mode"
              checked={mode === "schedule"}
              onChange={() => setMode("schedule")}
            />{" "}
            one strategy
          </label>
          <label>
            <input
              type="radio"
              name="mode"
              checked={mode === "compare"}
              onChange={() => setMode("compare")}
            />{" "}
            compare strategies
          </label>
        </fieldset>
        {strategies.isPending && <Loading what="Loading strategies" />}
        {strategies.isError && <ErrorBox error={strategies.error} />}
        {strategies.data && mode === "schedule" && (
          <>
            <Field label="Strategy">
              <select
                name="strategy"
                value={strategy}
                onChange={(e) => (setStrategy(e.target.value), setOptions({}))}
              >
                {strategies.data.map((s) => (
                  <option key={s.name} value={s.name}>{s.name} ({s.kind})</option>
                ))}
              </select>
            </Field>
            {chosen && <p className="muted">{chosen.description}</p>}
            <div className="grid">
              {chosen?.options.map((o) => (
                <Field
                  key={o.name}
                  label={o.name}
                  hint={`${o.description}; default ${String(o.default)}`}
                >
                  {o.type === "enum" || o.type === "boolean"
                    ? (
                      <select
                        value={options[o.name] ?? ""}
                        onChange={(e) => setOptions({ ...options, [o.name]: e.target.value })}
                      >
                        <option value="">default ({String(o.default)})</option>
                        {(o.type === "boolean" ? ["true", "false"] : o.values ?? []).map((v) => (
                          <option key={v} value={v}>{v}</option>
                        ))}
                      </select>
                    )
                    : (
                      <input
                        inputMode="decimal"
                        value={options[o.name] ?? ""}
                        placeholder={String(o.default)}
                        onChange={(e) => setOptions({ ...options, [o.name]: e.target.value })}
                      />
                    )}
                </Field>
              ))}
            </div>
          </>
        )}
        {strategies.data && mode === "compare" && (
          <fieldset>
            <legend>Strategies to compare (none ticked: all)</legend>
            {strategies.data.map((s) => (
              <label key={s.name} className="check">
                <input
                  type="checkbox"
                  name="compare"
                  value={s.name}
                  checked={compareSet.includes(s.name)}
                  onChange={(e) =>
                    setCompareSet(
                      e.target.checked
                        ? [...compareSet, s.name]
                        : compareSet.filter((x) => x !== s.name),
                    )}
                />{" "}
                {s.name} <span className="muted">— {s.description}</span>
              </label>
            ))}
          </fieldset>
        )}
      </Card>
      <Card title="3. Configuration and start">
        <Field label="Config template" hint="Your default template applies when none is chosen.">
          <select
            name="template"
            value={templateId}
            onChange={(e) => setTemplateId(e.target.value)}
          >
            <option value="">(your default)</option>
            {templates.data?.map((t) => (
              <option key={t.id} value={t.id}>{t.name}{t.isDefault ? " (default)" : ""}</option>
            ))}
          </select>
        </Field>
        <ConfigEditor
          draft={draft}
          onChange={setDraft}
          issues={serverIssues}
          defaults={defaults}
        />
        <div className="grid">
          <TextField
            label="Start time"
            hint="Empty: the next full hour."
            type="datetime-local"
            name="start"
            value={start}
            onValue={setStart}
          />
          <Field label="Time zone">
            <select name="zone" value={zone} onChange={(e) => setZone(e.target.value)}>
              {(ZONES.includes(zone) ? ZONES : [zone, ...ZONES]).map((z) => (
                <option key={z} value={z}>{z}</option>
              ))}
            </select>
          </Field>
          <TextField
            label="Name (optional)"
            name="name"
            value={name}
            maxLength={200}
            onValue={setName}
          />
        </div>
      </Card>
      {failure && (
        <div className="error" role="alert">
          <strong>The server refused the request:</strong> {errorMessage(failure)}
          {serverIssues.length > 0 && <IssueList issues={serverIssues} testId="server-issues" />}
        </div>
      )}
      <div className="actions sticky">
        <button
          type="submit"
          className="primary"
          disabled={blocking || create.isPending || compare.isPending}
        >
          {mode === "schedule" ? "Schedule" : "Compare"}{" "}
          {parsed?.lots.length ? `${count(parsed.lots.length)} lots` : ""}
        </button>
        {blocking && (
          <span className="muted">{parsed ? "Fix the CSV first." : "Add lots first."}</span>
        )}
      </div>
    </form>
  );
}

function Preview(
  { lots, csv, rate, zone }: {
    lots: readonly {
      id: string;
      type: string;
      vials: number;
      line?: number;
      dueMs?: number;
      priority?: number;
    }[];
    csv: string;
    rate: number;
    zone: string;
  },
) {
  const shown = lots.slice(0, 100);
  const due = lots.some((l) => l.dueMs !== undefined || l.priority !== undefined);
  const vials = lots.reduce((s, l) => s + l.vials, 0);
  return (
    <>
      <p role="status">
        {count(lots.length)} lots, {count(vials)} vials, {new Set(lots.map((l) => l.type)).size}
        {" "}
        types; {hours(vials / rate)} of filling at {count(rate)} vials/h
        {lots.length > shown.length && ` (first ${shown.length} shown)`}.
      </p>
      <div className="table-wrap">
        <table className="preview" data-testid="preview" data-csv-bytes={csv.length}>
          <ColumnHeads
            names={["Line", "Lot ID", "Type", "Vials", due && "Due", due && "Priority"]}
          />
          <tbody>
            {shown.map((l) => (
              <tr key={l.id}>
                <td className="num">{l.line}</td>
                <td>{l.id}</td>
                <td>{l.type}</td>
                <td className="num">{count(l.vials)}</td>
                {due && (
                  <td>
                    {l.dueMs === undefined ? "" : instant(new Date(l.dueMs).toISOString(), zone)}
                  </td>
                )}
                {due && <td className="num">{l.priority ?? ""}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
