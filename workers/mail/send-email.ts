/** The production mail transport: Cloudflare's `send_email` binding (Email Service / Email Routing). */
import type { Mailer, MailMessage } from "./mailer";

export class SendEmailMailer implements Mailer {
  readonly transport = "send_email" as const;

  constructor(
    private readonly binding: SendEmail,
    private readonly from: string,
  ) {}

  async send(message: MailMessage): Promise<void> {
    await this.binding.send({ from: this.from, to: message.to, subject: message.subject, text: message.text });
  }
}
