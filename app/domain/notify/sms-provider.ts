import { randomUUID } from "node:crypto";
import { getEnv } from "~/lib/env.server";
import { logger } from "~/lib/logger.server";

/**
 * An SMS / voice-call gateway (阿里云短信, 腾讯云短信, a carrier's platform …). Implement this for a real
 * provider and select it with SMS_PROVIDER; send resolves once the provider accepted the message, with
 * the provider's message id, and rejects otherwise (the delivery job retries with backoff).
 */
export interface SmsProvider {
  readonly name: string;
  send(phone: string, text: string): Promise<{ providerId: string }>;
  /** Text-to-speech call (语音通知), e.g. for drawn experts. */
  call(phone: string, text: string): Promise<{ providerId: string }>;
}

/**
 * Development/demo sink: nothing leaves the machine. The message is logged, and the delivery row records
 * the text (content) and this provider id, so the demo shows what would have been sent and to whom.
 */
export class DevSinkSmsProvider implements SmsProvider {
  readonly name = "dev-sink";
  async send(phone: string, text: string) {
    const providerId = `dev-sink-sms-${randomUUID()}`;
    logger.info({ phone: maskPhone(phone), chars: [...text].length, providerId }, "SMS (development sink, not sent)");
    return { providerId };
  }
  async call(phone: string, text: string) {
    const providerId = `dev-sink-voice-${randomUUID()}`;
    logger.info({ phone: maskPhone(phone), chars: [...text].length, providerId }, "voice call (development sink, not placed)");
    return { providerId };
  }
}

/** Logs carry no full phone numbers (personal information): 138****0000. */
export function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : "****";
}

export function getSmsProvider(): SmsProvider {
  switch (getEnv().SMS_PROVIDER) {
    case "dev-sink":
      return new DevSinkSmsProvider();
  }
}
