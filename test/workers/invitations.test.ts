/** Invitations: a single-use, expiring token, delivered through the mailer (locally the outbox). */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api, expectProblem, registerUser } from "./helpers";
import { createTeam, invite, tokenOf } from "./team-helpers";

const accept = (token: string, userToken: string) =>
  api("/api/v1/invitations/accept", { token: userToken, json: { token } });
const decline = (token: string, userToken: string) =>
  api("/api/v1/invitations/decline", { token: userToken, json: { token } });

describe("inviting", () => {
  it("mails a link (to the local outbox), lists it as pending, and joins the invitee with the role", async () => {
    const owner = await registerUser("inv-owner");
    const team = await createTeam(owner, "Design team");
    const invitee = await registerUser("inv-guest");
    // The address is matched without regard to case.
    const { invitation, token } = await invite(owner.accessToken, team, invitee.email.toUpperCase(), "editor");
    expect(invitation).toMatchObject({ email: invitee.email, role: "editor", status: "pending", workspaceId: team });
    expect(Date.parse(invitation.expiresAt) - Date.parse(invitation.createdAt)).toBe(7 * 24 * 3600 * 1000);

    const mail = await env.DB.prepare("SELECT recipient, subject, text, action_url FROM outbox WHERE related_id = ?")
      .bind(invitation.id)
      .first<any>();
    expect(mail).toMatchObject({ recipient: invitee.email, action_url: invitation.acceptUrl });
    expect(mail.subject).toContain("Design team");
    expect(mail.text).toContain(invitation.acceptUrl);
    // Only the token's hash is stored.
    const stored = await env.DB.prepare("SELECT token_hash FROM invitations WHERE id = ?")
      .bind(invitation.id)
      .first<{ token_hash: string }>();
    expect(stored!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored!.token_hash).not.toContain(token);

    const pending = await api(`/api/v1/workspaces/${team}/invitations`, { token: owner.accessToken });
    expect(pending.status).toBe(200);
    expect(pending.body.items).toEqual([
      expect.objectContaining({ id: invitation.id, status: "pending", acceptUrl: invitation.acceptUrl }),
    ]);

    const accepted = await accept(token, invitee.accessToken);
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body).toMatchObject({ workspaceId: team, role: "editor" });
    expect((await api(`/api/v1/workspaces/${team}`, { token: invitee.accessToken })).body.role).toBe("editor");
    expect((await api(`/api/v1/workspaces/${team}/invitations`, { token: owner.accessToken })).body.items).toEqual([]);
    const { results } = await env.DB.prepare(
      "SELECT action, actor_id FROM audit_log WHERE workspace_id = ? AND action IN ('invitation.created', 'invitation.accepted', 'member.added') ORDER BY seq",
    )
      .bind(team)
      .all<{ action: string; actor_id: string }>();
    expect(results).toEqual([
      { action: "invitation.created", actor_id: owner.userId },
      { action: "invitation.accepted", actor_id: invitee.userId },
      { action: "member.added", actor_id: invitee.userId },
    ]);
  });

  it("refuses members, duplicates, owner invitations, roles beyond the inviter's, and non-managers", async () => {
    const owner = await registerUser("inv-rules");
    const team = await createTeam(owner);
    const guest = await registerUser("inv-rules-guest");
    expectProblem(
      await api(`/api/v1/workspaces/${team}/invitations`, {
        token: owner.accessToken,
        json: { email: owner.email, role: "viewer" },
      }),
      409,
      "already_member",
    );
    await invite(owner.accessToken, team, guest.email, "admin");
    expectProblem(
      await api(`/api/v1/workspaces/${team}/invitations`, {
        token: owner.accessToken,
        json: { email: guest.email, role: "viewer" },
      }),
      409,
      "invitation_pending",
    );
    expectProblem(
      await api(`/api/v1/workspaces/${team}/invitations`, {
        token: owner.accessToken,
        json: { email: "x@example.test", role: "owner" },
      }),
      400,
      "ownership_transfer_required",
    );
    expectProblem(
      await api(`/api/v1/workspaces/${team}/invitations`, {
        token: owner.accessToken,
        json: { email: "x@example.test", role: "rol_00000000000000000000000000" },
      }),
      422,
      "unknown_role",
    );
    expectProblem(
      await api(`/api/v1/workspaces/${team}/invitations`, {
        token: owner.accessToken,
        json: { email: "not an email", role: "viewer" },
      }),
      422,
      "validation_failed",
    );
    expectProblem(
      await api(`/api/v1/workspaces/${team}/invitations`, {
        token: owner.accessToken,
        json: { email: "y@example.test", workspaceId: guest.workspaceId },
      }),
      422,
      "validation_failed",
    );

    const admin = await registerUser("inv-rules-admin");
    const { token } = await invite(owner.accessToken, team, admin.email, "admin");
    expect((await accept(token, admin.accessToken)).status).toBe(200);
    // Admins lack billing:manage, and so cannot hand out a role that holds more than they do: owner is refused above; a
    // viewer can invite nobody.
    const viewer = await registerUser("inv-rules-viewer");
    const viewerInvite = await invite(admin.accessToken, team, viewer.email, "viewer");
    expect((await accept(viewerInvite.token, viewer.accessToken)).status).toBe(200);
    expectProblem(
      await api(`/api/v1/workspaces/${team}/invitations`, {
        token: viewer.accessToken,
        json: { email: "z@example.test", role: "viewer" },
      }),
      403,
      "forbidden",
    );
    expectProblem(
      await api(`/api/v1/workspaces/${team}/invitations`, {
        token: guest.accessToken,
        json: { email: "z@example.test", role: "viewer" },
      }),
      404,
      "not_found",
    );
  });
});

describe("answering an invitation", () => {
  it("answers 404 for an unknown token and 403 for someone else's", async () => {
    const owner = await registerUser("ans-owner");
    const team = await createTeam(owner);
    const invitee = await registerUser("ans-invitee");
    const other = await registerUser("ans-other");
    const { token } = await invite(owner.accessToken, team, invitee.email);
    expectProblem(await accept("A".repeat(43), invitee.accessToken), 404, "not_found");
    expectProblem(await accept(token, other.accessToken), 403, "invitation_email_mismatch");
    expectProblem(await decline(token, other.accessToken), 403, "invitation_email_mismatch");
    expectProblem(await api("/api/v1/invitations/accept", { json: { token } }), 401);
    // Still usable by the right person.
    expect((await accept(token, invitee.accessToken)).status).toBe(200);
  });

  it("is single use: a second accept or a decline after it answers 409 invitation_used", async () => {
    const owner = await registerUser("used-owner");
    const team = await createTeam(owner);
    const invitee = await registerUser("used-invitee");
    const { token } = await invite(owner.accessToken, team, invitee.email);
    const [first, second] = await Promise.all([accept(token, invitee.accessToken), accept(token, invitee.accessToken)]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    expectProblem(await accept(token, invitee.accessToken), 409, "invitation_used");
    expectProblem(await decline(token, invitee.accessToken), 409, "invitation_used");
    const { results } = await env.DB.prepare("SELECT role FROM memberships WHERE workspace_id = ? AND user_id = ?")
      .bind(team, invitee.userId)
      .all();
    expect(results).toHaveLength(1);
  });

  it("declining uses the token up without joining", async () => {
    const owner = await registerUser("dec-owner");
    const team = await createTeam(owner);
    const invitee = await registerUser("dec-invitee");
    const { token } = await invite(owner.accessToken, team, invitee.email);
    const declined = await decline(token, invitee.accessToken);
    expect(declined.status).toBe(200);
    expect(declined.body.status).toBe("declined");
    expectProblem(await accept(token, invitee.accessToken), 409, "invitation_used");
    expectProblem(await api(`/api/v1/workspaces/${team}`, { token: invitee.accessToken }), 404);
  });

  it("answers 410 invitation_expired after the expiry, and a new invitation can then be sent", async () => {
    const owner = await registerUser("exp-owner");
    const team = await createTeam(owner);
    const invitee = await registerUser("exp-invitee");
    const { invitation, token } = await invite(owner.accessToken, team, invitee.email);
    // Simulate the passing of seven days.
    await env.DB.prepare("UPDATE invitations SET expires_at = ? WHERE id = ?")
      .bind(new Date(Date.now() - 1000).toISOString(), invitation.id)
      .run();
    expectProblem(await accept(token, invitee.accessToken), 410, "invitation_expired");
    expectProblem(await decline(token, invitee.accessToken), 410, "invitation_expired");
    const listed = await api(`/api/v1/workspaces/${team}/invitations`, { token: owner.accessToken });
    expect(listed.body.items[0]).toMatchObject({ id: invitation.id, status: "expired" });

    const again = await invite(owner.accessToken, team, invitee.email);
    expectProblem(await accept(token, invitee.accessToken), 410, "invitation_expired");
    expect((await accept(again.token, invitee.accessToken)).status).toBe(200);
  });

  it("answers 410 invitation_revoked once revoked; revoking twice is 409", async () => {
    const owner = await registerUser("rev-owner");
    const team = await createTeam(owner);
    const invitee = await registerUser("rev-invitee");
    const { invitation, token } = await invite(owner.accessToken, team, invitee.email);
    const path = `/api/v1/workspaces/${team}/invitations/${invitation.id}`;
    expect((await api(path, { method: "DELETE", token: owner.accessToken })).status).toBe(204);
    expectProblem(await accept(token, invitee.accessToken), 410, "invitation_revoked");
    expectProblem(await api(path, { method: "DELETE", token: owner.accessToken }), 409, "invitation_not_pending");
    // Another workspace's owner cannot see or touch it.
    const stranger = await registerUser("rev-stranger");
    const theirs = await createTeam(stranger);
    expectProblem(
      await api(`/api/v1/workspaces/${theirs}/invitations/${invitation.id}`, {
        method: "DELETE",
        token: stranger.accessToken,
      }),
      404,
    );
  });

  it("resending sends a new link and kills the old one", async () => {
    const owner = await registerUser("re-owner");
    const team = await createTeam(owner);
    const invitee = await registerUser("re-invitee");
    const { invitation, token: oldToken } = await invite(owner.accessToken, team, invitee.email);
    const resent = await api(`/api/v1/workspaces/${team}/invitations/${invitation.id}/resend`, {
      method: "POST",
      token: owner.accessToken,
    });
    expect(resent.status, JSON.stringify(resent.body)).toBe(200);
    const newToken = tokenOf(resent.body.acceptUrl);
    expect(newToken).not.toBe(oldToken);
    const { results } = await env.DB.prepare("SELECT action_url FROM outbox WHERE related_id = ? ORDER BY id")
      .bind(invitation.id)
      .all<{ action_url: string }>();
    expect(results.map((r) => r.action_url)).toEqual([invitation.acceptUrl, resent.body.acceptUrl]);
    // The list shows the newest link.
    expect(
      (await api(`/api/v1/workspaces/${team}/invitations`, { token: owner.accessToken })).body.items[0].acceptUrl,
    ).toBe(resent.body.acceptUrl);

    expectProblem(await accept(oldToken, invitee.accessToken), 404, "not_found");
    expect((await accept(newToken, invitee.accessToken)).status).toBe(200);
    expectProblem(
      await api(`/api/v1/workspaces/${team}/invitations/${invitation.id}/resend`, {
        method: "POST",
        token: owner.accessToken,
      }),
      409,
      "invitation_not_pending",
    );
  });
});
