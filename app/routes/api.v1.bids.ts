import type { ActionFunctionArgs } from "@remix-run/node";
import { bidApi, readJson } from "~/web/bids/api-response.server";
import { finaliseBid } from "~/domain/bids/finalise-bid";

/**
 * POST /api/v1/bids — finalise a finished upload into the organisation's bid for a lot; answers 201 with
 * the receipt. Body: { lotId, uploadId, ciphertextSha256, plaintextSha256, deviceId?, bond } (app/openapi/bids.ts).
 */
export const action = ({ request }: ActionFunctionArgs) =>
  bidApi(request, async (who) => finaliseBid(who, await readJson(request)), 201);
