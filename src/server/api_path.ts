/** Where the API lives on the server: HTTP and WebSocket under one path, the web app beside it. */

/** The path of the tRPC API (HTTP procedures and the WebSocket upgrade). */
export const API_PATH = "/trpc";

/** The API's HTTP URL for a server's base URL (`http://host:port` → `http://host:port/trpc`). */
export function apiUrl(serverUrl: string): string {
  return `${serverUrl.replace(/\/+$/, "")}${API_PATH}`;
}

/** The API's WebSocket URL for a server's base URL (`ws://host:port/trpc`). */
export function wsApiUrl(serverUrl: string): string {
  return apiUrl(serverUrl).replace(/^http/, "ws");
}

/** Whether a request path (without query) belongs to the API. */
export function isApiPath(pathname: string): boolean {
  return pathname === API_PATH || pathname.startsWith(`${API_PATH}/`);
}
