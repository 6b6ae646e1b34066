import type { Actor } from "~/domain/actor";
import { isDomainError } from "~/domain/errors";
import { getComplaint } from "~/domain/supervision/get-complaint";
import { notFound } from "~/lib/http.server";

/** Loader helper: the complaint, or the 404 page for absent and confidential ones alike. */
export async function loadComplaintOr404(actor: Actor, id: string) {
  try {
    return await getComplaint(actor, id);
  } catch (e) {
    if (isDomainError(e) && e.status === 404) throw notFound();
    throw e;
  }
}
