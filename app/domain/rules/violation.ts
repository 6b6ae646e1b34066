import type { Article, Params, Rule, RuleInput, Violation } from "./types";

/** A rule that carries no statutory article (platform consistency rules). */
export const PLATFORM_RULE: Article = { zh: "平台规则", en: "Platform rule" };

/**
 * Builds a rule's violation. i18next picks the message variant from `context`: for a statutory rule
 * "<profile>" or "<profile>_<variant>" (the two laws word it differently), for a platform rule just
 * the variant. The article rides along in both languages (articleZh / articleEn), so the messages
 * name it without repeating the citation table in the locale files.
 */
export function violationOf<P extends Params>(
  rule: Rule<P>,
  input: RuleInput,
  params: Record<string, string | number>,
  field?: string,
  variant?: string,
): Violation {
  const article = rule.article[input.profile] ?? PLATFORM_RULE;
  const platform = article === PLATFORM_RULE;
  const context = platform ? (variant ?? "") : variant ? `${input.profile}_${variant}` : input.profile;
  return {
    ruleId: rule.id,
    code: `rules:violations.${rule.id}`,
    params: { ...params, ...(context ? { context } : {}), articleZh: article.zh, articleEn: article.en },
    article,
    field,
  };
}
