/**
 * The duties a social supervisor agrees to (聘任协议), as i18n keys in the social namespace. Fixed on the
 * appointment when it is signed, so a later edit of this list does not rewrite what someone agreed to.
 * Bump AGREEMENT_VERSION whenever the list or the agreement text changes.
 */
export const AGREEMENT_VERSION = "2026.1";

export const DUTIES = [
  "social:duties.observe", // 对所分配项目的开标、抽取等环节进行现场或在线观察
  "social:duties.report", // 发现违法违规线索及时向监督部门反映
  "social:duties.confidential", // 对知悉的未公开信息保密
  "social:duties.recuse", // 与项目存在利害关系时主动申请回避
  "social:duties.noInterference", // 不干预交易活动，不代表任何一方利益
  "social:duties.feedback", // 对中心服务提出意见建议
] as const;

/** Default term (聘期): two years. */
export const DEFAULT_TERM_MONTHS = 24;
