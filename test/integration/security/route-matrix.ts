import type { World } from "./world";

/**
 * THE role × route table (issue 13): for every route module's loader (GET) and action (POST), the status
 * each caller gets. A route added under app/routes without its rows here fails
 * test/integration/security/route-matrix.test.ts, which names it. To add a route: add its GET and/or POST
 * row (and, if its URL has ids, what they point at in PARAMS); `MATRIX_RECORD=1 npx vitest run --project
 * integration test/integration/security/route-matrix.test.ts` prints the observed rows to compare with.
 *
 * Columns: PUB = nobody signed in; then each role IN the trade (the lot's buyer staff, a bidder with a sealed
 * bid, the drawn expert, the lot's supervisor, the assigned social supervisor, the centre's admins) and the
 * same role OUTSIDE it (~: another organisation, not registered, not drawn, not assigned).
 * Actions are posted with a valid CSRF token and an empty form: a caller without the right gets 403 (or the
 * login redirect), a caller with it gets the form's own 4xx — never a 5xx.
 * Codes: the HTTP status. `-` = must not be called (none yet).
 */
export const COLUMNS = "PUB BID BID~ STF STF~ EXP EXP~ SUP SUP~ SOC SOC~ SYA SYA~ SCA SCA~ AUA AUA~";

/** What a route's URL parameters point at in the test world (default: an id that does not exist). */
export const PARAMS: Record<string, (w: World) => Record<string, string>> = {
  "*": (w) => ({ lotId: w.lot.id, projectId: w.project.id, bidId: w.bids[0]!.bidId, receiptId: w.bids[0]!.receiptId }),
  "api.v1.bids.$id": (w) => ({ id: w.bids[0]!.bidId }),
  "api.v1.bids.$id.envelope": (w) => ({ id: w.bids[0]!.bidId }),
  "api.v1.bids.$id.selftest": (w) => ({ id: w.bids[0]!.bidId }),
  "api.v1.tenders.$id": (w) => ({ id: w.lot.id }),
  "api.v1.tenders.$id.ocds": (w) => ({ id: w.lot.id }),
  "documents.$id": (w) => ({ id: w.bids[0]!.documentId! }),
  "draws.$id.proof": (w) => ({ id: w.drawId }),
  "draws.$id.proof[.]json": (w) => ({ id: w.drawId }),
  "staff.draws.$id": (w) => ({ id: w.drawId }),
  "supervision.draws.$id": (w) => ({ id: w.drawId }),
  "supervision.draws.$id.record[.]pdf": (w) => ({ id: w.drawId }),
};

// prettier-ignore
export const MATRIX: Record<string, string> = {
};

/**
 * Cells where the app still answers what it should not, pending a fix named by its issue point: the
 * observed (wrong) status is tolerated there, and only there. Remove the entry when the fix lands.
 */
export const KNOWN_WRONG: Record<string, Partial<Record<string, string>>> = {
};
