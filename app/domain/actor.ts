import type { Role } from "~/generated/prisma/enums";

/**
 * Who does something, from where. Every domain call takes one: the permission guard reads its role,
 * the audit log records all of it. Workers act as SYSTEM; anonymous visitors as PUBLIC.
 */
export interface Actor {
  userId: string | null;
  role: Role | "SYSTEM" | "PUBLIC";
  orgId: string | null;
  ip: string;
  userAgent: string;
}

export const systemActor = (what = "worker"): Actor => ({
  userId: null,
  role: "SYSTEM",
  orgId: null,
  ip: "",
  userAgent: what,
});

export const publicActor = (ip = "", userAgent = ""): Actor => ({
  userId: null,
  role: "PUBLIC",
  orgId: null,
  ip,
  userAgent,
});
