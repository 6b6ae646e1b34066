import { json, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { findReadableDocument } from "~/domain/documents/find-readable-document";
import { openDocumentFile } from "~/domain/documents/open-document-file";
import { getOptionalUser, requireUser } from "~/lib/auth.server";
import { pageTitle } from "~/lib/i18n";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "documents:unavailable.title");

/**
 * /documents/:id/unavailable — where /documents/:id sends a reader when the stored file is lost and the
 * document cannot be rendered again (an upload): 410 with words, not a bare 500. The same 404 as
 * /documents/:id for whoever may not read it; back to the file when it is there (or was just restored).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  const doc = await findReadableDocument(user, params.id ?? "");
  if (!doc) {
    if (!user) await requireUser(request);
    throw new Response(null, { status: 404 });
  }
  const opened = await openDocumentFile(doc);
  if (opened.status === "ok") throw redirect(`/documents/${doc.id}`);
  return json(
    { number: doc.number, title: doc.title, kind: doc.kind, problem: opened.problem, sha256: doc.sha256 },
    { status: 410, headers: { "Cache-Control": "no-store" } },
  );
}

export default function DocumentUnavailable() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation("documents");
  return (
    <section className="error-page" aria-labelledby="unavailable-title" data-testid="document-unavailable">
      <p className="error-page__code">410</p>
      <h1 id="unavailable-title">{t("unavailable.title")}</h1>
      <p className="lead">{t(`unavailable.${d.problem}`, { title: d.title, number: d.number })}</p>
      <p>{t("unavailable.why")}</p>
      <p>{t("unavailable.next")}</p>
      <dl className="facts">
        <dt>{t("unavailable.number")}</dt>
        <dd className="mono">{d.number}</dd>
        <dt>{t("unavailable.sha256")}</dt>
        <dd className="mono" style={{ overflowWrap: "anywhere" }}>{d.sha256}</dd>
      </dl>
      <p>
        <Link to="/" className="btn btn--primary">{t("common:actions.goHome")}</Link>
      </p>
    </section>
  );
}
