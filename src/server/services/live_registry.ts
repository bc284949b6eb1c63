/**
 * Who is connected to the live (WebSocket) transport and what they listen to: per-user
 * connection slots (the cap), open subscriptions per channel and events sent. One per app,
 * held by the job event bus so that both the socket server and the routers reach it.
 */

/** A connection as the registry sees it: an opaque key, a user once authenticated. */
export interface LiveConnection {
  readonly key: object;
  userId: string | null;
  /** Subscriptions open on this socket. */
  subscriptions: number;
}

/** Admin view of the live transport. */
export interface LiveStats {
  /** Open sockets, authenticated or not. */
  readonly connections: number;
  /** Open sockets that have not (yet) authenticated. */
  readonly anonymous: number;
  /** Open authenticated sockets per user id. */
  readonly perUser: Record<string, number>;
  /** Open subscriptions per channel (procedure path). */
  readonly subscriptions: Record<string, number>;
  /** Events yielded to subscribers per channel since start. */
  readonly eventsSent: Record<string, number>;
  /** Sum of `eventsSent`. */
  readonly eventsSentTotal: number;
  /** Connections refused because their user was at the cap, since start. */
  readonly refused: number;
  /** Connections dropped because they stopped answering pings, since start. */
  readonly droppedDead: number;
}

/** Why `admit` refused a connection. */
export interface Refusal {
  readonly open: number;
  readonly max: number;
}

/** Counts live connections per user and subscriptions per channel. */
export class LiveRegistry {
  readonly #connections = new Map<object, LiveConnection>();
  readonly #perUser = new Map<string, number>();
  readonly #subscriptions = new Map<string, number>();
  readonly #sent = new Map<string, number>();
  #refused = 0;
  #droppedDead = 0;

  /** Records a new, not yet authenticated socket. */
  open(key: object): LiveConnection {
    const conn: LiveConnection = { key, userId: null, subscriptions: 0 };
    this.#connections.set(key, conn);
    return conn;
  }

  /**
   * Counts an open socket toward `userId`, unless that user already holds `max` slots.
   * Idempotent for the same socket and user.
   */
  admit(key: object, userId: string, max: number): Refusal | null {
    const conn = this.#connections.get(key);
    if (!conn) return { open: this.#perUser.get(userId) ?? 0, max };
    if (conn.userId === userId) return null;
    if (conn.userId !== null) this.#release(conn);
    const open = this.#perUser.get(userId) ?? 0;
    if (open >= max) {
      this.#refused++;
      return { open, max };
    }
    conn.userId = userId;
    this.#perUser.set(userId, open + 1);
    return null;
  }

  /** Forgets a closed socket and frees its user's slot. */
  close(key: object): void {
    const conn = this.#connections.get(key);
    if (!conn) return;
    this.#connections.delete(key);
    if (conn.userId !== null) this.#release(conn);
  }

  #release(conn: LiveConnection): void {
    const id = conn.userId;
    if (id === null) return;
    const left = (this.#perUser.get(id) ?? 1) - 1;
    if (left > 0) this.#perUser.set(id, left);
    else this.#perUser.delete(id);
    conn.userId = null;
  }

  /** Whether a socket is open and counted toward a user. */
  isAuthenticated(key: object): boolean {
    return (this.#connections.get(key)?.userId ?? null) !== null;
  }

  /** Open authenticated sockets of one user. */
  openFor(userId: string): number {
    return this.#perUser.get(userId) ?? 0;
  }

  /** Counts a socket terminated by the keep-alive. */
  deadDropped(): void {
    this.#droppedDead++;
  }

  /**
   * Counts an open subscription on `channel` (and on the socket `key`, if given); returns the
   * function that ends it, or null when that socket already holds `max` subscriptions.
   */
  subscribed(channel: string, key?: object, max = Infinity): (() => void) | null {
    const conn = key === undefined ? undefined : this.#connections.get(key);
    if (conn && conn.subscriptions >= max) return null;
    if (conn) conn.subscriptions++;
    this.#subscriptions.set(channel, (this.#subscriptions.get(channel) ?? 0) + 1);
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      if (conn) conn.subscriptions--;
      const left = (this.#subscriptions.get(channel) ?? 1) - 1;
      if (left > 0) this.#subscriptions.set(channel, left);
      else this.#subscriptions.delete(channel);
    };
  }

  /** Counts one event yielded on `channel`. */
  sent(channel: string): void {
    this.#sent.set(channel, (this.#sent.get(channel) ?? 0) + 1);
  }

  /** A copy of every counter. */
  snapshot(): LiveStats {
    let anonymous = 0;
    for (const c of this.#connections.values()) if (c.userId === null) anonymous++;
    let total = 0;
    for (const n of this.#sent.values()) total += n;
    return {
      connections: this.#connections.size,
      anonymous,
      perUser: Object.fromEntries(this.#perUser),
      subscriptions: Object.fromEntries(this.#subscriptions),
      eventsSent: Object.fromEntries(this.#sent),
      eventsSentTotal: total,
      refused: this.#refused,
      droppedDead: this.#droppedDead,
    };
  }
}
