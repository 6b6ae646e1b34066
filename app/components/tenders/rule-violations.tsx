import { useTranslation } from "react-i18next";

export interface ViolationView {
  ruleId: string;
  code: string;
  params: Record<string, string | number>;
  article: { zh: string; en: string };
  field?: string;
}

/**
 * Every broken statutory rule at once, each naming its rule and its article (the message itself cites
 * the article in the reader's language: 「招标投标法第二十四条：…」).
 */
export function RuleViolations({ violations }: { violations?: ViolationView[] | null }) {
  const { t, i18n } = useTranslation("tenders-ui");
  if (!violations?.length) return null;
  return (
    <div className="alert alert--error rule-violations" role="alert">
      <p className="rule-violations__title">{t("violations.title", { count: violations.length })}</p>
      <ol>
        {violations.map((v, i) => (
          <li key={`${v.ruleId}-${i}`} data-rule={v.ruleId}>
            <strong>{t(`rules:ruleNames.${v.ruleId}`, { defaultValue: v.ruleId })}</strong>{" "}
            <span className="badge badge--red">{i18n.language === "en" ? v.article.en : v.article.zh}</span>
            <div>{t(v.code, { ...v.params })}</div>
            {v.field ? <div className="muted">{t("violations.field", { field: t(`tenders:fields.${v.field}`) })}</div> : null}
          </li>
        ))}
      </ol>
    </div>
  );
}
