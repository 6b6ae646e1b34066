import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

/** The administrators' account search (name or username, GET ?q=); `children` adds filters such as "locked only". */
export function UserSearch({ q, children }: { q: string; children?: ReactNode }) {
  const { t } = useTranslation("accounts");
  return (
    <Form method="get" className="toolbar" role="search">
      <div className="form-field">
        <label htmlFor="q">{t("adminUsers.search")}</label>
        <input id="q" type="search" name="q" defaultValue={q} maxLength={100} />
      </div>
      {children}
      <button type="submit" className="btn btn--secondary">
        {t("adminUsers.searchSubmit")}
      </button>
    </Form>
  );
}
