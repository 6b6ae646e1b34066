import type { Actor } from "~/domain/actor";

/** Who calls a bid API, once authenticated (app/web/bids/api-auth.server.ts): by token or by session. */
export type ApiActor = Actor & { userId: string; orgId: string; via: "token" | "session"; locale: string };
