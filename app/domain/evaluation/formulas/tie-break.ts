/**
 * Ties: equal scores are ordered by the lower read-out price (财政部令第87号第六十五条); equal scores and
 * prices keep the 唱标 order as a stable, published order (the report marks them as tied: 并列).
 * Lowest-price method: equal evaluated prices by the lower read-out price, then the same.
 */
export const TIE_BREAK_RULE = "score desc → price asc (87号令第六十五条) → 唱标 order";
export const TIE_BREAK_RULE_LOWEST = "evaluated price asc → price asc → 唱标 order";
export const CITATION = { zh: "政府采购货物和服务招标投标管理办法（财政部令第87号）第六十五条", en: "MOF Order No. 87 art. 65" };
