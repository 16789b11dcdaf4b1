/** Sign up and sign in. After either, an invitation link continues to its acceptance page. */
import { useState } from "preact/hooks";
import { ErrorNote, Field } from "../components/ui";
import { login, register } from "../lib/api";
import { type Lang, language, setLanguage, useT } from "../lib/i18n";
import { useStore } from "../lib/store";

export function AuthPage(props: { inviteToken?: string; verifyingEmail?: boolean }) {
  const t = useT();
  const lang = useStore(language);
  const [mode, setMode] = useState<"signin" | "signup">(props.inviteToken ? "signup" : "signin");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [name, setName] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (mode === "signup") await register(email, password, name);
      else await login(email, password);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main id="main" class="auth">
      <div class="auth-box card">
        <h1>
          Zukai <span lang="ja">図解</span>
        </h1>
        <p class="muted">{t("tagline")}</p>
        {props.inviteToken && <p class="note">{t("inviteSignInFirst")}</p>}
        {props.verifyingEmail && <p class="note">{t("verifyEmailSignInFirst")}</p>}
        <div role="tablist" class="tabs" aria-label={t("account")}>
          <button type="button" role="tab" aria-selected={mode === "signin"} onClick={() => setMode("signin")}>
            {t("signIn")}
          </button>
          <button type="button" role="tab" aria-selected={mode === "signup"} onClick={() => setMode("signup")}>
            {t("signUp")}
          </button>
        </div>
        <form onSubmit={submit} aria-label={mode === "signup" ? t("signUp") : t("signIn")}>
          {mode === "signup" && (
            <Field label={t("name")}>
              <input
                name="name"
                required
                maxLength={100}
                autoComplete="name"
                value={name}
                onInput={(e) => setName(e.currentTarget.value)}
              />
            </Field>
          )}
          <Field label={t("email")}>
            <input
              name="email"
              type="email"
              required
              autoComplete="email"
              value={email}
              onInput={(e) => setEmail(e.currentTarget.value)}
            />
          </Field>
          <Field label={t("password")} hint={mode === "signup" ? t("passwordHint") : undefined}>
            <input
              name="password"
              type="password"
              required
              minLength={mode === "signup" ? 10 : 1}
              autoComplete={mode === "signup" ? "new-password" : "current-password"}
              value={password}
              onInput={(e) => setPassword(e.currentTarget.value)}
            />
          </Field>
          <ErrorNote error={error} />
          <button type="submit" class="primary" disabled={busy}>
            {mode === "signup" ? t("createAccount") : t("signIn")}
          </button>
        </form>
        <label class="lang">
          {t("language")}{" "}
          <select value={lang} onChange={(e) => setLanguage(e.currentTarget.value as Lang)}>
            <option value="en">English</option>
            <option value="ja">日本語</option>
          </select>
        </label>
      </div>
    </main>
  );
}
