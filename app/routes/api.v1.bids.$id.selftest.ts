import type { ActionFunctionArgs } from "@remix-run/node";
import { bidApi, readJson } from "~/web/bids/api-response.server";
import { recordSelfTest } from "~/domain/bids/record-self-test";

/** POST /api/v1/bids/:id/selftest — { ok, code? }: the outcome of the in-browser decryption self-test (audited). */
export const action = ({ request, params }: ActionFunctionArgs) =>
  bidApi(request, async (who) => recordSelfTest(who, { bidId: params.id ?? "", result: await readJson(request) }));
