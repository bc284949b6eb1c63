/**
 * The tRPC API over node:http. tRPC's standalone adapter pipes every answer through a web
 * WritableStream into `res.write` (chunked) and then `res.end`: under load that plumbing cost about
 * as much as a whole `schedule.get`. Here an answer is read whole and written once, with its
 * length; the request side (URL, headers, the body limit, the abort signal) is tRPC's own, so
 * errors keep their codes and shapes. A JSON-lines batch (`trpc-accept: application/jsonl`, as
 * httpBatchStreamLink asks) is read whole too: tRPC labels it `application/json`, and kept JSON is
 * spliced only into whole answers. Only event streams are piped; with tRPC's SSE off (trpc.ts)
 * they carry errors alone, never kept JSON.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AnyTRPCRouter } from "@trpc/server";
import {
  createURL,
  incomingMessageToRequest,
  internal_exceptionHandler,
} from "@trpc/server/adapters/node-http";
import { type HTTPBaseHandlerOptions, resolveResponse } from "@trpc/server/http";
import type { ContextOptions } from "./context.ts";
import { spliceRawBytes } from "./raw_json.ts";

/** What the handler needs: the router, its context factory and tRPC's per-answer options. */
export interface ApiHandlerOptions<TRouter extends AnyTRPCRouter>
  extends Pick<HTTPBaseHandlerOptions<TRouter, IncomingMessage>, "responseMeta"> {
  readonly router: TRouter;
  /** The path the API is served under, e.g. `/api/` (procedure paths follow it). */
  readonly basePath: string;
  readonly createContext: (opts: ContextOptions) => Promise<unknown>;
  readonly maxBodySize: number | null;
}

const trimSlashes = (p: string) => p.replace(/^\/+/, "").replace(/\/+$/, "");

/** Answers that arrive piece by piece and must not wait for their end. */
const STREAMED = /^text\/event-stream/;

/** A node:http request listener for the API. */
export function createApiHandler<TRouter extends AnyTRPCRouter>(
  opts: ApiHandlerOptions<TRouter>,
): (req: IncomingMessage, res: ServerResponse) => void {
  const base = trimSlashes(opts.basePath);
  return (req, res) => {
    let path = "";
    (async () => {
      path = trimSlashes(trimSlashes(createURL(req).pathname).slice(base.length));
      await answer(req, res, path, opts);
    })().catch(
      internal_exceptionHandler(
        { req, res, path, router: opts.router } as Parameters<typeof internal_exceptionHandler>[0],
      ),
    );
  };
}

async function answer<TRouter extends AnyTRPCRouter>(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  opts: ApiHandlerOptions<TRouter>,
): Promise<void> {
  const request = incomingMessageToRequest(req, res, { maxBodySize: opts.maxBodySize });
  const response = await resolveResponse(
    {
      router: opts.router,
      req: request,
      path,
      error: null,
      createContext: ({ info }: Pick<ContextOptions, "info">) => opts.createContext({ req, info }),
      ...(opts.responseMeta ? { responseMeta: opts.responseMeta } : {}),
    } as Parameters<typeof resolveResponse<TRouter>>[0],
  );
  if (res.statusCode === 200) res.statusCode = response.status;
  for (const [key, value] of response.headers) {
    // node:http frames the answer itself; tRPC's `transfer-encoding: chunked` (JSON lines) next
    // to our content-length is an answer strict parsers (Node's own clients) refuse.
    const name = key.toLowerCase();
    if (name !== "set-cookie" && name !== "transfer-encoding") res.setHeader(key, value);
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader("set-cookie", cookies);
  if (!response.body) return void res.end();
  if (STREAMED.test(response.headers.get("content-type") ?? "")) {
    return await pipe(response.body, res, request.signal);
  }
  const body = spliceRawBytes(new Uint8Array(await response.arrayBuffer()));
  res.setHeader("content-length", body.byteLength);
  res.end(body);
}

/** Writes a streamed answer as it comes, waiting for the socket to drain. */
async function pipe(
  body: ReadableStream<Uint8Array>,
  res: ServerResponse,
  signal: AbortSignal,
): Promise<void> {
  try {
    for await (const chunk of body) {
      if (signal.aborted) break;
      if (!res.write(chunk)) await new Promise((r) => res.once("drain", r));
    }
  } finally {
    res.end();
  }
}
