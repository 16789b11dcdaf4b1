/**
 * The one way the platform sends mail. Production sends through Cloudflare's `send_email` binding
 * when one is configured (binding `MAIL`, sender `MAIL_FROM`); everywhere else — locally, in tests,
 * and in a deployment without the binding — messages land in the D1 `outbox` table, where the
 * invitation list shows their links.
 */
import { OutboxMailer } from "./outbox";
import { SendEmailMailer } from "./send-email";

/** One message: plain text, with the single link it asks the reader to follow. */
export interface MailMessage {
  workspaceId: string;
  to: string;
  subject: string;
  text: string;
  /** The link the message is about (also kept in the outbox so a developer can follow it). */
  actionUrl?: string;
  /** The record the message concerns, e.g. an invitation id. */
  relatedId?: string;
}

export interface Mailer {
  /** Delivers (or, locally, stores) one message; throws when it cannot. */
  send(message: MailMessage): Promise<void>;
  /** "send_email" or "outbox": whether links are visible to the workspace's admins. */
  readonly transport: "send_email" | "outbox";
}

/** Bindings that exist only where mail is really sent; absent from wrangler.toml by default. */
export interface MailBindings {
  MAIL?: SendEmail;
  MAIL_FROM?: string;
}

/** The mailer for this environment: `send_email` if configured, else the outbox. */
export function mailerFor(env: Env): Mailer {
  const { MAIL, MAIL_FROM } = env as Env & MailBindings;
  return MAIL && MAIL_FROM ? new SendEmailMailer(MAIL, MAIL_FROM) : new OutboxMailer(env);
}
