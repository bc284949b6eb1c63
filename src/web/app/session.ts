/** The signed-in user's token, kept in localStorage so a reload stays signed in. */
const KEY = "fillscheduler.token";
const listeners = new Set<() => void>();

export const session = {
  token(): string | null {
    return localStorage.getItem(KEY);
  },
  signIn(token: string): void {
    localStorage.setItem(KEY, token);
    for (const l of listeners) l();
  },
  signOut(): void {
    localStorage.removeItem(KEY);
    for (const l of listeners) l();
  },
  subscribe(l: () => void): () => void {
    listeners.add(l);
    return () => listeners.delete(l);
  },
};
