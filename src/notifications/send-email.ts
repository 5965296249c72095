import nodemailer, { type Transporter } from 'nodemailer';
import type { SmtpConfig } from '../platform/config/smtp-config.ts';
import type { EmailContent } from './email-message.ts';
import type { SendOutcome } from './send-webhook.ts';

export interface Mailer {
  send(to: readonly string[], content: EmailContent): Promise<SendOutcome>;
  close(): void;
}

const REASON_LENGTH = 200;

/**
 * Sends mail through the configured SMTP server (call only while email is
 * on). A refusal or a connection problem is a failure with a short reason:
 * nodemailer's error code and message, with the password taken out should
 * a server echo it.
 */
export function createMailer(smtp: SmtpConfig): Mailer {
  let transport: Transporter | null = null;
  const transportOf = () =>
    (transport ??= nodemailer.createTransport({
      host: smtp.host,
      port: smtp.port,
      secure: smtp.secure,
      ...(smtp.user !== undefined && smtp.password !== undefined ? { auth: { user: smtp.user, pass: smtp.password } } : {}),
      tls: { rejectUnauthorized: smtp.tlsRejectUnauthorized },
      // A mail server that does not answer must not hold a delivery's lease for minutes.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
      logger: false,
    }));

  return {
    async send(to, content) {
      try {
        await transportOf().sendMail({ from: smtp.from, to: [...to], subject: content.subject, text: content.text });
        return { ok: true };
      } catch (error) {
        return { ok: false, reason: reasonOf(error, smtp.password) };
      }
    },
    close() {
      transport?.close();
      transport = null;
    },
  };
}

function reasonOf(error: unknown, password: string | undefined): string {
  const e = error as { code?: unknown; message?: unknown };
  let text = [typeof e.code === 'string' ? e.code : null, typeof e.message === 'string' ? e.message : null].filter(Boolean).join(': ') || 'sending failed';
  if (password) text = text.split(password).join('***');
  text = text.replace(/\s+/g, ' ').trim();
  return text.length > REASON_LENGTH ? `${text.slice(0, REASON_LENGTH)}…` : text;
}
