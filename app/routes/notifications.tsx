import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { NotificationList, type NotificationView } from "~/components/notify/notification-list";
import notifyCss from "~/components/notify/notify.css?url";
import { DomainError } from "~/domain/errors";
import { listNotifications } from "~/domain/notify/list-notifications";
import { markNotificationsRead } from "~/domain/notify/mark-notifications-read";
import { renderMessage, type Translate } from "~/domain/notify/render-message";
import { requirePermission } from "~/lib/auth.server";
import { readForm } from "~/lib/csrf.server";
import { getEnv } from "~/lib/env.server";
import { safeRedirectPath, withDomainErrors } from "~/lib/http.server";
import { pageTitle } from "~/lib/i18n";
import { getT } from "~/lib/i18n.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: notifyCss }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "notify:meta.title");

/**
 * /notifications — the signed-in user's messages, newest first (unread highlighted), rendered in the
 * reader's language from each notification's template, with how its email/SMS copies fared.
 * Forms (CSRF-checked by readForm): mark one read, open one (marks it read and goes to its link),
 * mark all read. Plain posts: works without JavaScript.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "account.self");
  const before = new URL(request.url).searchParams.get("before");
  const page = await listNotifications(actor, { before: before && z.uuid().safeParse(before).success ? before : undefined });
  const { t, locale } = await getT(request, "notify", actor.user);
  const env = getEnv();
  const ctx = { locale, centreName: env.CENTRE_NAME, publicUrl: env.PUBLIC_URL };
  // The development sinks send nothing: show what they recorded, so a demo shows the outgoing text.
  const showContent = env.NODE_ENV !== "production";
  const items: NotificationView[] = page.items.map((n) => {
    let title: string;
    let body: string;
    try {
      ({ title, body } = renderMessage(t as unknown as Translate, ctx, n));
    } catch {
      // A template removed in a later release: still list the message rather than fail the page.
      title = n.template;
      body = "";
    }
    return {
      id: n.id,
      title,
      body,
      link: n.link,
      createdAt: n.createdAt.toISOString(),
      read: n.readAt !== null,
      deliveries: n.deliveries.map((d) => ({
        id: d.id,
        channel: d.channel,
        status: d.status,
        content: showContent && d.status === "SENT" ? d.content : null,
      })),
    };
  });
  return { items, unread: page.unread, hasMore: page.hasMore, isFirstPage: !before };
}

const schema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("read"), id: z.uuid() }),
  z.object({ intent: z.literal("open"), id: z.uuid() }),
  z.object({ intent: z.literal("readAll") }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "account.self");
  return withDomainErrors(
    request,
    async () => {
      const form = await readForm(request);
      const parsed = schema.safeParse(Object.fromEntries(form));
      if (!parsed.success) throw new DomainError("common:errors.invalidForm", {}, 400);
      const v = parsed.data;
      if (v.intent === "readAll") {
        const r = await markNotificationsRead(actor, { all: true });
        return { ok: true as const, updated: r.updated };
      }
      const r = await markNotificationsRead(actor, { ids: [v.id] });
      if (v.intent === "open") return redirect(safeRedirectPath(r.link, "/notifications"));
      return { ok: true as const, updated: r.updated };
    },
    "notify",
  );
}

export default function NotificationsPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const error = result && "error" in result ? result.error.message : null;
  return <NotificationList {...data} error={error} />;
}
