import { useTranslation } from "react-i18next";

/**
 * "Send me a code" + the 6-digit code + sign in: the committee's two sign-in pages (the experts' by phone,
 * the buyer's representatives' to their seat) share it. Inside a <Form> whose action reads `intent`.
 */
export function OneTimeCodeFields({ busy }: { busy: boolean }) {
  const { t } = useTranslation("evaluation");
  return (
    <>
      <button type="submit" name="intent" value="send" className="btn" disabled={busy} formNoValidate>
        {t("signIn.send")}
      </button>
      <div className="form-field">
        <label htmlFor="code">{t("signIn.code")}</label>
        <input id="code" name="code" inputMode="numeric" autoComplete="one-time-code" pattern="\d{6}" maxLength={6} />
      </div>
      <button type="submit" name="intent" value="signIn" className="btn btn--primary" disabled={busy}>
        {t("signIn.submit")}
      </button>
    </>
  );
}
