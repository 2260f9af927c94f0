// decodeKombuMessage: the Celery events inside one message that kombu's Redis transport published.
// Reference: kombu/transport/redis.py (`_put_fanout` PUBLISHes `dumps(message)`) and
// kombu/transport/virtual/base.py (`encode_body`: the body is base64 when `body_encoding` says
// so). A worker buffers its task events and sends them as one JSON list (routing key
// `task.multi`); clients send one event (`task.sent`).
import type { CeleryEvent } from './celery-event';
import { invalidMessage } from './invalid-message';

const MODULE = '@awad/celery/kombu-envelope';

/**
 * Decodes a kombu message (the JSON string PUBLISHed on the event channel) into its events.
 * @throws ValidationError when the message is not a kombu JSON envelope of Celery events
 * (e.g. the app sends events with `event_serializer` other than `json`).
 */
export function decodeKombuMessage(data: string | Buffer): CeleryEvent[] {
  let envelope: unknown;
  try {
    envelope = JSON.parse(typeof data === 'string' ? data : data.toString('utf8'));
  } catch {
    throw invalidMessage(MODULE, 'message', 'a JSON kombu envelope', typeof data === 'string' ? data : data.toString('utf8'));
  }
  if (!isRecord(envelope)) throw invalidMessage(MODULE, 'message', 'a JSON object (kombu envelope)', envelope);
  const contentType = envelope['content-type'];
  if (contentType !== undefined && contentType !== 'application/json') {
    throw invalidMessage(MODULE, 'content-type', '"application/json" (Celery\'s event_serializer must be json)', contentType);
  }
  const body = envelope.body;
  if (typeof body !== 'string') throw invalidMessage(MODULE, 'body', 'a string', body);
  const properties = isRecord(envelope.properties) ? envelope.properties : {};
  const encoding = properties.body_encoding;
  let text = body;
  if (encoding === 'base64') text = Buffer.from(body, 'base64').toString('utf8');
  else if (encoding !== undefined && encoding !== null) throw invalidMessage(MODULE, 'properties.body_encoding', '"base64" or absent', encoding);
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch {
    throw invalidMessage(MODULE, 'body', 'JSON (base64-encoded when body_encoding is base64)', text);
  }
  const events = Array.isArray(payload) ? payload : [payload];
  events.forEach((event, index) => checkEvent(event, Array.isArray(payload) ? `body[${index}]` : 'body'));
  return events as CeleryEvent[];
}

function checkEvent(event: unknown, path: string): void {
  if (!isRecord(event)) throw invalidMessage(MODULE, path, 'a Celery event object', event);
  if (typeof event.type !== 'string') throw invalidMessage(MODULE, `${path}.type`, 'a string', event.type, event.type === undefined ? 'MISSING_FIELD' : 'INVALID_FIELD');
  if (typeof event.timestamp !== 'number' || !Number.isFinite(event.timestamp)) {
    throw invalidMessage(MODULE, `${path}.timestamp`, 'epoch seconds (a finite number)', event.timestamp, event.timestamp === undefined ? 'MISSING_FIELD' : 'INVALID_FIELD');
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
