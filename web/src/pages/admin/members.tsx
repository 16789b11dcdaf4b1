/** Members (role changes, removal) and invitations (invite, revoke, and the link where mail is local). */
import { useState } from "preact/hooks";
import { ErrorNote, Field, Section, useAsync } from "../../components/ui";
import { api, session } from "../../lib/api";
import { when } from "../../lib/format";
import { language, useT } from "../../lib/i18n";
import { useStore } from "../../lib/store";
import { useWorkspace } from "../../lib/workspace";

interface Member {
  userId: string;
  email: string;
  name: string;
  role: string;
  joinedAt: string;
  lastActiveAt: string | null;
}
interface Invitation {
  id: string;
  email: string;
  role: string;
  status: string;
  expiresAt: string;
  acceptUrl: string | null;
}
interface Role {
  id: string;
  name: string;
  builtIn: boolean;
}

export function MembersTab(props: { workspaceId: string }) {
  const t = useT();
  const lang = useStore(language);
  const me = useStore(session).user;
  const { can } = useWorkspace();
  const base = `/api/v1/workspaces/${props.workspaceId}`;
  const members = useAsync(() => api<{ items: Member[] }>(`${base}/members?limit=100`), [base]);
  const invitations = useAsync(
    () =>
      can("members:manage")
        ? api<{ items: Invitation[] }>(`${base}/invitations?limit=100`)
        : Promise.resolve({ items: [] }),
    [base],
  );
  const roles = useAsync(
    () => (can("roles:read") ? api<{ items: Role[] }>(`${base}/roles`) : Promise.resolve({ items: [] as Role[] })),
    [base],
  );
  const [email, setEmail] = useState("");
  const [role, setRole] = useState("viewer");
  const [error, setError] = useState<unknown>(null);
  const assignable = (roles.data?.items ?? []).filter((r) => r.id !== "owner");
  const roleName = (id: string) => roles.data?.items.find((r) => r.id === id)?.name ?? id;

  const act = (work: () => Promise<unknown>) => async () => {
    setError(null);
    try {
      await work();
      members.reload();
      invitations.reload();
    } catch (e) {
      setError(e);
    }
  };

  async function invite(event: Event) {
    event.preventDefault();
    await act(() => api(`${base}/invitations`, { json: { email, role }, workspace: false }))();
    setEmail("");
  }

  return (
    <>
      <ErrorNote error={error} />
      <Section title={t("tabMembers")}>
        <ErrorNote error={members.error} />
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("name")}</th>
                <th scope="col">{t("email")}</th>
                <th scope="col">{t("role")}</th>
                <th scope="col">{t("lastActive")}</th>
                {can("members:manage") && <th scope="col">{t("actions")}</th>}
              </tr>
            </thead>
            <tbody>
              {members.data?.items.map((m) => (
                <tr key={m.userId}>
                  <td>{m.name}</td>
                  <td>{m.email}</td>
                  <td>
                    {can("members:manage") && m.role !== "owner" && m.userId !== me?.id ? (
                      <label>
                        <span class="sr-only">{t("roleOf", { name: m.name })}</span>
                        <select
                          value={m.role}
                          onChange={(e) =>
                            void act(() =>
                              api(`${base}/members/${m.userId}`, {
                                method: "PATCH",
                                json: { role: e.currentTarget.value },
                                workspace: false,
                              }),
                            )()
                          }
                        >
                          {assignable.map((r) => (
                            <option key={r.id} value={r.id}>
                              {r.name}
                            </option>
                          ))}
                        </select>
                      </label>
                    ) : (
                      roleName(m.role)
                    )}
                  </td>
                  <td>{when(m.lastActiveAt, lang)}</td>
                  {can("members:manage") && (
                    <td>
                      {m.role !== "owner" && m.userId !== me?.id && (
                        <button
                          type="button"
                          class="link danger"
                          onClick={act(() =>
                            api(`${base}/members/${m.userId}`, { method: "DELETE", workspace: false }),
                          )}
                        >
                          {t("remove")}
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Section>
      {can("members:manage") && (
        <Section title={t("invitations")}>
          <form class="row" onSubmit={invite}>
            <Field label={t("email")}>
              <input
                type="email"
                required
                value={email}
                onInput={(e) => setEmail(e.currentTarget.value)}
                data-testid="invite-email"
              />
            </Field>
            <Field label={t("role")}>
              <select value={role} onChange={(e) => setRole(e.currentTarget.value)} data-testid="invite-role">
                {assignable.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.name}
                  </option>
                ))}
              </select>
            </Field>
            <button type="submit" class="primary">
              {t("invite")}
            </button>
          </form>
          <ul class="list" data-testid="invitations">
            {invitations.data?.items.map((i) => (
              <li key={i.id}>
                {i.email} · {roleName(i.role)} · {i.status} · {t("expires")} {when(i.expiresAt, lang)}
                {i.acceptUrl && (
                  <>
                    {" "}
                    · <a href={i.acceptUrl}>{t("inviteLink")}</a>
                  </>
                )}{" "}
                {i.status === "pending" && (
                  <button
                    type="button"
                    class="link danger"
                    onClick={act(() => api(`${base}/invitations/${i.id}`, { method: "DELETE", workspace: false }))}
                  >
                    {t("revoke")}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </Section>
      )}
    </>
  );
}
