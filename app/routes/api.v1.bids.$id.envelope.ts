import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { bidApi } from "~/web/bids/api-response.server";
import { getOwnBid } from "~/domain/bids/get-own-bid";
import { getStorage } from "~/lib/storage.server";

/**
 * GET /api/v1/bids/:id/envelope — the stored ciphertext of one of your own bids, for the decryption
 * self-test in the browser (it is opened there with the bidder's key; the server never sees the key).
 */
export const loader = ({ request, params }: LoaderFunctionArgs) =>
  bidApi(request, async (who) => {
    const { bid } = await getOwnBid(who, { bidId: params.id ?? "" });
    return new Response(createReadableStreamFromReadable(getStorage().get(bid.storageKey)), {
      headers: {
        "Content-Type": "application/octet-stream",
        "Content-Length": bid.size,
        "Content-Disposition": `attachment; filename="${bid.id}.sealed"`,
        "X-Content-SHA256": bid.ciphertextSha256,
        "Cache-Control": "private, no-store",
      },
    });
  });
