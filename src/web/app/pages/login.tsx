/** Sign in or register; afterwards back to the page the user came from. */
import { type FormEvent, useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { errorMessage, useTRPC } from "../api.ts";
import { session } from "../session.ts";
import { navigate, useLocation } from "../router.tsx";
import { TextField } from "../form.tsx";

export function LoginPage() {
  const trpc = useTRPC();
  const { search } = useLocation();
  const [mode, setMode] = useState<"login" | "register">("login");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const login = useMutation(trpc.auth.login.mutationOptions());
  const register = useMutation(trpc.auth.register.mutationOptions());
  const busy = login.isPending || register.isPending;
  const error = mode === "login" ? login.error : register.error;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const m = mode === "login" ? login : register;
    const r = await m.mutateAsync({ email, password }).catch(() => null);
    if (!r) return;
    session.signIn(r.token);
    const next = search.get("next");
    navigate(next && next.startsWith("/") && !next.startsWith("/login") ? next : "/", true);
  };
  return (
    <main id="main" className="login">
      <h1>fillscheduler</h1>
      <p className="muted">
        Plans the aseptic filling line: lots in, the shortest valid schedule out.
      </p>
      {search.get("expired") && (
        <p className="notice" role="status">Your session ended. Sign in again to continue.</p>
      )}
      <form className="card" onSubmit={submit} aria-labelledby="login-title">
        <h2 id="login-title">{mode === "login" ? "Sign in" : "Create an account"}</h2>
        <TextField
          label="Email"
          type="email"
          name="email"
          autoComplete="email"
          required
          value={email}
          onValue={setEmail}
        />
        <TextField
          label="Password"
          hint={mode === "register" ? "At least 8 characters." : undefined}
          type="password"
          name="password"
          autoComplete={mode === "login" ? "current-password" : "new-password"}
          required
          minLength={mode === "register" ? 8 : undefined}
          value={password}
          onValue={setPassword}
        />
        {error && <p className="error" role="alert">{errorMessage(error)}</p>}
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {mode === "login" ? "Sign in" : "Register"}
          </button>
          <button
            type="button"
            className="link"
            onClick={() => setMode(mode === "login" ? "register" : "login")}
          >
            {mode === "login" ? "No account? Register" : "Have an account? Sign in"}
          </button>
        </div>
      </form>
    </main>
  );
}
