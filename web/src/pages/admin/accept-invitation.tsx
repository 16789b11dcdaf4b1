/** Accepting an invitation from its link, as the signed-in user; then the console opens that workspace. */
import { useState } from "preact/hooks";
import { ErrorNote, Section } from "../../components/ui";
import { api, switchWorkspace } from "../../lib/api";
import { useT } from "../../lib/i18n";
import { navigate } from "../../lib/router";

export function AcceptInvitationPage(props: { token: string }) {
  const t = useT();
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);

  async function respond(answer: "accept" | "decline") {
    setError(null);
    try {
      const result = await api<{ workspaceId?: string; workspace?: { id: string } }>(`/api/v1/invitations/${answer}`, {
        json: { token: props.token },
        workspace: false,
      });
      const workspaceId = result?.workspaceId ?? result?.workspace?.id;
      setDone(answer);
      if (answer === "accept" && workspaceId) {
        switchWorkspace(workspaceId);
        navigate("/jobs");
      }
    } catch (e) {
      setError(e);
    }
  }

  return (
    <Section title={t("invitation")}>
      <p>{t("invitationPrompt")}</p>
      <div class="row">
        <button
          type="button"
          class="primary"
          onClick={() => void respond("accept")}
          disabled={!!done}
          data-testid="accept-invitation"
        >
          {t("accept")}
        </button>
        <button type="button" onClick={() => void respond("decline")} disabled={!!done}>
          {t("decline")}
        </button>
      </div>
      {done && <p role="status">{t(done === "accept" ? "accepted" : "declined")}</p>}
      <ErrorNote error={error} />
    </Section>
  );
}
