import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { DomainError } from "~/domain/errors";
import { bidApi } from "~/web/bids/api-response.server";
import { getOwnBid } from "~/domain/bids/get-own-bid";
import { withdrawBid } from "~/domain/bids/withdraw-bid";

/** GET /api/v1/bids/:id — one of your bids with bond and receipts. DELETE — withdraw it (before the deadline). */
export const loader = ({ request, params }: LoaderFunctionArgs) =>
  bidApi(request, async (who) => {
    const { bid, bond, receipts, lot } = await getOwnBid(who, { bidId: params.id ?? "" });
    const { storageKey: _internal, ...pub } = bid;
    return { bid: pub, bond, receipts, lot };
  });

export const action = ({ request, params }: ActionFunctionArgs) =>
  bidApi(request, async (who) => {
    if (request.method !== "DELETE") throw new DomainError("common:errors.badRequest", {}, 400);
    return withdrawBid(who, { bidId: params.id ?? "" });
  });
