// A typed fetch client of the hub: runs the canonical operations with their generated types, sends a
// bearer token, pages through connections, and retries what is safe to retry. RATE_LIMITED is refused
// before anything runs, so it is retried after Retry-After; HTTP 503 and network failures are retried only
// for queries and for mutations carrying a clientMutationId, which every create and link gets by default.
import { operations, type OperationTypes } from "./generated.js";

export * from "./generated.js";

export type OperationName = keyof OperationTypes;
export type Variables<N extends OperationName> = OperationTypes[N]["variables"];
export type Result<N extends OperationName> = OperationTypes[N]["result"];

/** A GraphQL error answer (or an unreachable hub); `code` is the first error's extensions.code. */
export class HubError extends Error {
  constructor(readonly code: string, message: string, readonly status?: number, readonly errors: unknown[] = [],
              readonly data: unknown = null) {
    super(`${code}: ${message}`);
  }
}

export interface HubClientOptions {
  /** An API token or OIDC bearer token; none: anonymous. */
  token?: string;
  /** How often to retry (default 3) and the longest Retry-After to wait for, in seconds (default 60). */
  maxRetries?: number;
  maxRetryWait?: number;
  fetch?: typeof fetch;
}

const KEYED = new Set<OperationName>(["CreateInitiative", "Link"]);
const sleep = (seconds: number) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

export class HubClient {
  private readonly fetch: typeof fetch;

  constructor(readonly url: string, private readonly options: HubClientOptions = {}) {
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  /** Runs a canonical operation; creates and links get a clientMutationId unless one is given. */
  async run<N extends OperationName>(name: N, variables: Variables<N>): Promise<Result<N>> {
    const text: string = operations[name];
    let vars = variables as Record<string, unknown>;
    if (KEYED.has(name)) {
      const input = vars["input"] as Record<string, unknown>;
      vars = { ...vars, input: { clientMutationId: crypto.randomUUID(), ...input } };
    }
    const idempotent = !text.startsWith("mutation") || KEYED.has(name);
    return (await this.post({ query: text, operationName: name, variables: vars }, idempotent)) as Result<N>;
  }

  /** Every node of a connection, a page at a time, following pageInfo.endCursor. */
  async *paginate<N extends "SearchActors" | "SearchLocations" | "SearchThemes" | "InitiativesInPlace">(
    name: N, field: keyof Result<N>, variables: Variables<N>, pageSize = 100,
  ): AsyncGenerator<Result<N>[keyof Result<N>] extends { nodes: Array<infer T> } ? T : never> {
    let after: string | null = null;
    for (;;) {
      const data = await this.run(name, { ...variables, first: pageSize, after });
      const connection = data[field] as { nodes: never[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
      yield* connection.nodes;
      if (!connection.pageInfo.hasNextPage) return;
      after = connection.pageInfo.endCursor;
    }
  }

  private async post(body: object, idempotent: boolean): Promise<unknown> {
    const { token, maxRetries = 3, maxRetryWait = 60 } = this.options;
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (token) headers["authorization"] = `Bearer ${token}`;
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await this.fetch(this.url, { method: "POST", headers, body: JSON.stringify(body) });
      } catch (error) {
        if (!idempotent || attempt >= maxRetries) throw new HubError("UNAVAILABLE", `the hub could not be reached: ${error}`);
        await sleep(0.5 * 2 ** attempt);
        continue;
      }
      const answer = (await response.json().catch(() => ({}))) as { data?: unknown; errors?: Array<{ message: string; extensions?: { code?: string } }> };
      const errors = answer.errors ?? [];
      if (response.ok && errors.length === 0) return answer.data;
      const code = errors[0]?.extensions?.code ?? (response.status === 401 ? "UNAUTHENTICATED" : "INTERNAL");
      const retryAfter = Number(response.headers.get("retry-after") ?? NaN);
      const retryable = code === "RATE_LIMITED" || (response.status === 503 && idempotent);
      if (retryable && Number.isFinite(retryAfter) && retryAfter <= maxRetryWait && attempt < maxRetries) {
        await sleep(retryAfter);
        continue;
      }
      throw new HubError(code, errors[0]?.message ?? `HTTP ${response.status}`, response.status, errors, answer.data ?? null);
    }
  }
}
