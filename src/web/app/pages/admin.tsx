/** Admin: running and queued jobs, workers, WebSocket statistics (refreshed every few seconds). */
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../api.ts";
import { Card, ErrorBox, Loading } from "../ui.tsx";

export function AdminPage() {
  const trpc = useTRPC();
  const jobs = useQuery({ ...trpc.admin.jobs.queryOptions(), refetchInterval: 3000 });
  const ws = useQuery({ ...trpc.admin.wsStats.queryOptions(), refetchInterval: 3000 });
  return (
    <>
      <h1>Admin</h1>
      <Card title="Jobs">
        {jobs.isPending
          ? <Loading />
          : jobs.isError
          ? <ErrorBox error={jobs.error} />
          : <pre className="json" tabIndex={0}>{JSON.stringify(jobs.data, null, 2)}</pre>}
      </Card>
      <Card title="WebSocket">
        {ws.isPending
          ? <Loading />
          : ws.isError
          ? <ErrorBox error={ws.error} />
          : <pre className="json" tabIndex={0}>{JSON.stringify(ws.data, null, 2)}</pre>}
      </Card>
    </>
  );
}
