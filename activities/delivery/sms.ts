// SMS notices through an HTTP gateway. The request carries an Idempotency-Key (letter id + channel):
// a gateway that honours it sends one SMS however often the same notice is posted, which covers a
// worker that died after the gateway accepted the request but before the outbox was marked.
//
// The gateway contract: POST <SMS_GATEWAY_URL> with JSON { "to": "+4791234567", "text": "…",
// "reference": "<letter id>" }; any 2xx answer means accepted, and a JSON answer's "id" (or
// "messageId") is kept as the external id.
import { idempotencyKey, PermanentDeliveryError, type DeliveryChannel, type OutgoingMessage } from './channels';

export interface SmsGatewayOptions {
  url: string;
  /** Sent as "Authorization: Bearer <token>" when set. */
  token?: string;
  /** Well below the activity's start-to-close timeout, so an attempt never overlaps the next. */
  timeoutMs?: number;
}

/** Norwegian numbers written with spaces or without a country code become E.164 (+47…). */
export function normalisePhone(phone: string): string {
  const compact = phone.replace(/[\s().-]/g, '');
  if (/^00\d+$/.test(compact)) return `+${compact.slice(2)}`;
  if (/^\d{8}$/.test(compact)) return `+47${compact}`;
  return compact;
}

// The request was wrong and will stay wrong; anything else (5xx, 408, 409, 425, 429, network) may pass later.
const RETRYABLE_4XX = new Set([408, 409, 425, 429]);

export function createSmsGatewayChannel(opts: SmsGatewayOptions): DeliveryChannel {
  return {
    name: 'sms',
    async deliver(msg: OutgoingMessage) {
      const phone = msg.recipient.phone;
      if (!phone) throw new PermanentDeliveryError('the applicant has no phone number');
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        accept: 'application/json',
        'idempotency-key': idempotencyKey(msg.letterId, 'sms'),
      };
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      let response: Response;
      try {
        response = await fetch(opts.url, {
          method: 'POST',
          headers,
          body: JSON.stringify({ to: normalisePhone(phone), text: msg.notice.text, reference: msg.letterId }),
          signal: AbortSignal.timeout(opts.timeoutMs ?? 20_000),
        });
      } catch (error) {
        throw new Error(`SMS gateway unreachable: ${error instanceof Error ? error.message : String(error)}`);
      }
      const text = await response.text().catch(() => '');
      if (!response.ok) {
        const problem = `SMS gateway answered ${response.status} ${response.statusText}${text ? `: ${text.slice(0, 200)}` : ''}`;
        if (response.status >= 400 && response.status < 500 && !RETRYABLE_4XX.has(response.status)) {
          throw new PermanentDeliveryError(problem);
        }
        throw new Error(problem);
      }
      return { externalId: gatewayId(text) ?? idempotencyKey(msg.letterId, 'sms') };
    },
  };
}

function gatewayId(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { id?: unknown; messageId?: unknown };
    const id = body.id ?? body.messageId;
    return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
  } catch {
    return undefined;
  }
}
