/** Config templates: list, create, edit, set default, delete; every field error at its field. */
import { type FormEvent, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { errorMessage, type FieldIssue, issuesOf, useTRPC } from "../api.ts";
import { Card, ColumnHeads, ErrorBox, Loading } from "../ui.tsx";
import { TextField } from "../form.tsx";
import {
  type ConfigDraft,
  ConfigEditor,
  draftToLayer,
  issueFor,
  layerToDraft,
} from "../config_editor.tsx";

interface Editing {
  id: string | null;
  name: string;
  description: string;
  draft: ConfigDraft;
}

export function TemplatesPage() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const list = useQuery(trpc.config.templates.list.queryOptions());
  const system = useQuery(trpc.config.system.queryOptions());
  const [editing, setEditing] = useState<Editing | null>(null);
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const refresh = () => qc.invalidateQueries(trpc.config.templates.list.queryFilter());
  const create = useMutation(trpc.config.templates.create.mutationOptions({ onSuccess: refresh }));
  const update = useMutation(trpc.config.templates.update.mutationOptions({ onSuccess: refresh }));
  const del = useMutation(trpc.config.templates.delete.mutationOptions({ onSuccess: refresh }));
  const setDefault = useMutation(
    trpc.config.templates.setDefault.mutationOptions({ onSuccess: refresh }),
  );
  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!editing) return;
    setIssues([]);
    const body = {
      name: editing.name,
      description: editing.description,
      config: draftToLayer(editing.draft),
    };
    try {
      if (editing.id) await update.mutateAsync({ id: editing.id, ...body });
      else await create.mutateAsync(body);
      setEditing(null);
    } catch (err) {
      const found = issuesOf(err);
      setIssues(found.length ? found : [{ message: errorMessage(err), field: "name" }]);
    }
  };
  return (
    <>
      <h1>Config templates</h1>
      <p className="muted">
        A run uses its own settings over the chosen template over your default template over the
        system defaults.
      </p>
      <div className="actions">
        <button
          type="button"
          className="primary"
          onClick={() => (setIssues([]),
            setEditing({ id: null, name: "", description: "", draft: layerToDraft({}) }))}
        >
          New template
        </button>
      </div>
      {editing && (
        <form className="card" onSubmit={save} aria-labelledby="tpl-title">
          <h2 id="tpl-title">{editing.id ? `Edit ${editing.name}` : "New template"}</h2>
          <div className="grid">
            <TextField
              label="Name"
              error={issueFor(issues, "name")}
              name="name"
              required
              value={editing.name}
              onValue={(name) => setEditing({ ...editing, name })}
            />
            <TextField
              label="Description"
              name="description"
              value={editing.description}
              onValue={(description) => setEditing({ ...editing, description })}
            />
          </div>
          <ConfigEditor
            draft={editing.draft}
            onChange={(draft) => setEditing({ ...editing, draft })}
            issues={issues}
            defaults={system.data?.defaults as Record<string, unknown> | undefined}
          />
          {issues.filter((i) =>
            !i.field ||
            !["name", "fillRateVph", "cleanHours", "windowHours", "chgSameHours", "chgDiffHours"]
              .some((f) => i.field?.endsWith(f))
          ).map((i, k) => <p key={k} className="error" role="alert">{i.message}</p>)}
          <div className="actions">
            <button type="submit" className="primary">Save template</button>
            <button type="button" onClick={() => setEditing(null)}>Cancel</button>
          </div>
        </form>
      )}
      <Card title="Your templates">
        {list.isPending && <Loading />}
        {list.isError && <ErrorBox error={list.error} retry={() => list.refetch()} />}
        {list.data?.length === 0 && <p className="muted">No templates yet.</p>}
        {list.data && list.data.length > 0 && (
          <div className="table-wrap">
            <table data-testid="templates">
              <ColumnHeads
                names={["Name", "Settings", "Default"]}
                actions
              />
              <tbody>
                {list.data.map((t) => (
                  <tr key={t.id}>
                    <td>
                      {t.name}
                      <br />
                      <span className="muted">{t.description}</span>
                    </td>
                    <td>
                      <code>
                        {Object.entries(t.config).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(
                          ", ",
                        ) || "(none)"}
                      </code>
                    </td>
                    <td>
                      {t.isDefault ? "default" : (
                        <button
                          type="button"
                          className="small"
                          onClick={() => setDefault.mutate({ id: t.id })}
                        >
                          Make default
                        </button>
                      )}
                    </td>
                    <td className="row-actions">
                      <button
                        type="button"
                        className="small"
                        onClick={() => (setIssues([]),
                          setEditing({
                            id: t.id,
                            name: t.name,
                            description: t.description,
                            draft: layerToDraft(t.config),
                          }))}
                      >
                        Edit
                      </button>
                      <button
                        type="button"
                        className="small danger"
                        onClick={() =>
                          confirm(`Delete template ${t.name}?`) && del.mutate({ id: t.id })}
                      >
                        Delete
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </>
  );
}
