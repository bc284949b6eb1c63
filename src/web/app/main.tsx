/** The web app: providers, the signed-in frame with navigation, and the routes. */
import { StrictMode, useEffect, useMemo, useSyncExternalStore } from "react";
import { createRoot } from "react-dom/client";
import { QueryClientProvider, useQuery } from "@tanstack/react-query";
import { createApi, TRPCProvider, useTRPC } from "./api.ts";
import { session } from "./session.ts";
import { Link, match, navigate, useLocation } from "./router.tsx";
import { LoginPage } from "./pages/login.tsx";
import { DashboardPage } from "./pages/dashboard.tsx";
import { NewRunPage } from "./pages/new_run.tsx";
import { SchedulePage } from "./pages/schedule.tsx";
import { HistoryPage } from "./pages/history.tsx";
import { ComparePage } from "./pages/compare.tsx";
import { TemplatesPage } from "./pages/templates.tsx";
import { AdminPage } from "./pages/admin.tsx";
import "./styles.css";

/** Back to sign-in, remembering where the user was. */
function expire(): void {
  session.signOut();
  const here = location.pathname + location.search;
  navigate(`/login?expired=1&next=${encodeURIComponent(here)}`, true);
}

const NAV: [string, string][] = [
  ["/", "Dashboard"],
  ["/new", "New schedule"],
  ["/history", "History"],
  ["/templates", "Config templates"],
];

function Frame() {
  const trpc = useTRPC();
  const { path } = useLocation();
  const me = useQuery(trpc.auth.me.queryOptions());
  const nav = me.data?.role === "admin" ? [...NAV, ["/admin", "Admin"] as [string, string]] : NAV;
  return (
    <>
      <a className="skip" href="#main">Skip to content</a>
      <header className="top">
        <Link to="/" className="brand">fillscheduler</Link>
        <nav aria-label="Main">
          {nav.map(([to, label]) => (
            <Link
              key={to}
              to={to}
              aria-current={(to === "/" ? path === "/" : path.startsWith(to)) ? "page" : undefined}
            >
              {label}
            </Link>
          ))}
        </nav>
        <span className="me">
          {me.data?.email}
          <button
            type="button"
            className="link"
            onClick={() => {
              session.signOut();
              navigate("/login", true);
            }}
          >
            Sign out
          </button>
        </span>
      </header>
      <main id="main" tabIndex={-1}>
        <Page path={path} />
      </main>
    </>
  );
}

function Page({ path }: { path: string }) {
  let p;
  if (path === "/") return <DashboardPage />;
  if (path === "/new") return <NewRunPage />;
  if (path === "/history") return <HistoryPage />;
  if (path === "/templates") return <TemplatesPage />;
  if (path === "/admin") return <AdminPage />;
  if ((p = match("/schedules/:id", path))) return <SchedulePage id={p.id!} />;
  if ((p = match("/compare/:id", path))) return <ComparePage id={p.id!} />;
  return (
    <section className="card">
      <h1>Page not found</h1>
      <p>
        There is no page at <code>{path}</code>. <Link to="/">Go to the dashboard</Link>.
      </p>
    </section>
  );
}

function App() {
  const token = useSyncExternalStore(session.subscribe, session.token);
  // A new session gets a new socket (its token is sent on connect) and an empty cache, so
  // nothing of the previous user's data or subscriptions carries over.
  const api = useMemo(() => createApi(expire), [token]);
  useEffect(() => () => void api.ws.close(), [api]);
  const { path } = useLocation();
  if (!token && path !== "/login") {
    queueMicrotask(() =>
      navigate(`/login?next=${encodeURIComponent(location.pathname + location.search)}`, true)
    );
  }
  return (
    <QueryClientProvider client={api.queryClient}>
      <TRPCProvider trpcClient={api.client} queryClient={api.queryClient}>
        {path === "/login" || !token ? <LoginPage /> : <Frame key={token} />}
      </TRPCProvider>
    </QueryClientProvider>
  );
}

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
