/**
 * The typed API client: queries and mutations over HTTP, subscriptions over one WebSocket with
 * the token in `connectionParams` (tracked events resume with `lastEventId` after a reconnect).
 */
import {
  createTRPCClient,
  createWSClient,
  httpBatchLink,
  splitLink,
  TRPCClientError,
  wsLink,
} from "@trpc/client";
import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import superjson from "superjson";
import type { AppRouter } from "../../server/routers/_app.ts";
import { API_PATH } from "../../server/api_path.ts";
import { session } from "./session.ts";

export type { AppRouter };

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

function wsUrl(): string {
  return `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}${API_PATH}`;
}

/** Whether an error means the session is over (expired or revoked token). */
export function isUnauthorized(e: unknown): boolean {
  return e instanceof TRPCClientError && e.data?.code === "UNAUTHORIZED";
}

/** The message to show for a failed call (the server's messages are written for users). */
export function errorMessage(e: unknown): string {
  if (e instanceof TRPCClientError) return e.message;
  return e instanceof Error ? e.message : String(e);
}

/** Per-field problems a BAD_REQUEST carries (`data.issues`). */
export interface FieldIssue {
  readonly message: string;
  readonly field?: string;
  readonly line?: number;
  readonly lotId?: string;
}

export function issuesOf(e: unknown): FieldIssue[] {
  if (!(e instanceof TRPCClientError)) return [];
  const issues = (e.data as { issues?: unknown } | undefined)?.issues;
  return Array.isArray(issues) ? issues as FieldIssue[] : [];
}

/** Builds the client, the query cache, and the socket; `onExpired` runs on any UNAUTHORIZED. */
export function createApi(onExpired: () => void) {
  const ws = createWSClient({
    url: wsUrl,
    lazy: { enabled: true, closeMs: 10_000 },
    connectionParams: () => ({ token: session.token() ?? "" }),
  });
  const client = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === "subscription",
        true: wsLink({ client: ws, transformer: superjson }),
        false: httpBatchLink({
          url: API_PATH,
          transformer: superjson,
          headers: () => {
            const t = session.token();
            return t ? { authorization: `Bearer ${t}` } : {};
          },
        }),
      }),
    ],
  });
  const expire = (e: unknown) => {
    if (isUnauthorized(e) && session.token()) onExpired();
  };
  const queryClient = new QueryClient({
    queryCache: new QueryCache({ onError: expire }),
    mutationCache: new MutationCache({ onError: expire }),
    defaultOptions: {
      queries: {
        retry: (n, e) => !isUnauthorized(e) && n < 2,
        staleTime: 5_000,
        refetchOnWindowFocus: false,
      },
    },
  });
  return { client, queryClient, ws };
}
