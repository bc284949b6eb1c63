/**
 * A PostgreSQL server for tests: the one at FILLSCHED_TEST_PG_URL, or else a throw-away one
 * started from Debian's `postgresql` package in a temp folder on a free loopback port (stopped and
 * removed when the test process exits). Without the package the tests that need it fail, saying
 * what to install.
 */
import { existsSync, readdirSync } from "node:fs";

/** Where Debian's packages put the server's programs, newest version first. */
function serverBinDir(): string {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root)
    ? readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a))
    : [];
  for (const v of versions) {
    const dir = `${root}/${v}/bin`;
    if (existsSync(`${dir}/initdb`) && existsSync(`${dir}/pg_ctl`)) return dir;
  }
  throw new Error(
    "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): " +
      "apt-get install postgresql, or set FILLSCHED_TEST_PG_URL to a server's admin URL",
  );
}

/** Runs a command (as `user` when given), throwing with its output when it fails. */
function run(cmd: string, args: string[], user: string | null): void {
  const [exe, argv] = user ? ["runuser", ["-u", user, "--", cmd, ...args]] : [cmd, args];
  const out = new Deno.Command(exe, { args: argv, stdout: "piped", stderr: "piped" }).outputSync();
  if (!out.success) {
    const text = new TextDecoder().decode(out.stderr) || new TextDecoder().decode(out.stdout);
    throw new Error(`${cmd} ${args.join(" ")} failed: ${text.trim()}`);
  }
}

/** A port nobody listens on now. */
function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

/**
 * Starts a server that lives as long as this process. The server refuses to run as root, so as
 * root it runs as the package's `postgres` user. Durability is off: it is thrown away.
 */
function startThrowaway(): string {
  const bin = serverBinDir();
  const user = Deno.uid() === 0 ? "postgres" : null;
  const dir = Deno.makeTempDirSync({ prefix: "fillsched_pg_" });
  if (user) run("chown", [user, dir], null);
  const data = `${dir}/data`;
  run(`${bin}/initdb`, [
    "-D",
    data,
    "-U",
    "fill",
    "--auth=trust",
    "-E",
    "UTF8",
    "--locale=C",
    "--no-sync",
  ], user);
  const port = freePort();
  const opts = `-h 127.0.0.1 -p ${port} -k ${dir} -F -c max_connections=300 ` +
    "-c synchronous_commit=off -c full_page_writes=off";
  run(`${bin}/pg_ctl`, ["-D", data, "-o", opts, "-l", `${dir}/log`, "-w", "start"], user);
  globalThis.addEventListener("unload", () => {
    try {
      run(`${bin}/pg_ctl`, ["-D", data, "-m", "immediate", "stop"], user);
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  });
  return `postgres://fill@127.0.0.1:${port}/postgres`;
}

let server: string | null = null;

/** The admin URL of the test server (a database that may create and drop others). */
export function postgresServerUrl(): string {
  server ??= Deno.env.get("FILLSCHED_TEST_PG_URL") || startThrowaway();
  return server;
}
