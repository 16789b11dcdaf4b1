/**
 * Confirming the account's email from its verification link, as the signed-in holder of that
 * account (the API refuses anyone else's session), so SSO may later link to it by email.
 */
import { useState } from "preact/hooks";
import { ErrorNote, Section } from "../components/ui";
import { api } from "../lib/api";
import { useT } from "../lib/i18n";

export function VerifyEmailPage(props: { token: string }) {
  const t = useT();
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);

  // A button, not a request on load: mail scanners that open links must not use them up.
  async function confirm() {
    setError(null);
    try {
      await api("/api/v1/auth/email-verification/confirm", { json: { token: props.token }, workspace: false });
      setDone(true);
    } catch (e) {
      setError(e);
    }
  }

  return (
    <Section title={t("verifyEmail")}>
      <p>{t("verifyEmailPrompt")}</p>
      <button type="button" class="primary" onClick={() => void confirm()} disabled={done} data-testid="confirm-email">
        {t("verifyEmailConfirm")}
      </button>
      {done && <p role="status">{t("verifyEmailDone")}</p>}
      <ErrorNote error={error} />
    </Section>
  );
}
