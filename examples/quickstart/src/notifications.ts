import {
  createDispatcher,
  defineNotifications,
  type DispatcherOptions,
  type EventStore,
  type NotificationPayload,
} from '@redress/core';
import { startWebhookReceiver, webhookChannel, type ReceivedWebhook } from '@redress/notify-webhook';
import { staff } from './people';

const secret = 'whsec_ZGVtby1zZWNyZXQtZm9yLXRoZS1xdWlja3N0YXJ0';

/**
 * The demo's notifications: the default rules in Chinese, and, standing in for the
 * mail server and the SMS gateway, one signed webhook receiver on loopback that
 * verifies and records every message. `keys` open the payloads the engine sealed.
 */
export const demoNotifications = async (store: EventStore, keys?: DispatcherOptions['keys']) => {
  const receiver = await startWebhookReceiver({ secret });
  const notifications = defineNotifications({ staff, locale: 'zh' });
  const dispatcher = createDispatcher({
    store,
    ...(keys ? { keys } : {}),
    channels: [
      webhookChannel({ name: 'email', url: receiver.url, secret }),
      webhookChannel({ name: 'sms', url: receiver.url, secret }),
    ],
  });
  return { notifications, dispatcher, receiver };
};

/** What the demo's receiver is, in a line. */
export const RECEIVER =
  'a signed-webhook receiver on loopback, standing in for the mail server and the SMS gateway, that checks each signature';

/** The delivered messages grouped by complaint (the named ones first, in order): a heading each, a line per message. */
export const describeDeliveries = (received: readonly ReceivedWebhook[], names: Readonly<Record<string, string>>) => {
  const byComplaint = new Map<string, ReceivedWebhook[]>(Object.keys(names).map((id) => [id, []]));
  for (const m of received) {
    const list = byComplaint.get(m.body.data.streamId) ?? [];
    list.push(m);
    byComplaint.set(m.body.data.streamId, list);
  }
  const lines: string[] = [];
  for (const [id, messages] of byComplaint) {
    if (messages.length === 0) continue;
    lines.push(`  ${id}${names[id] === undefined ? '' : ` (${names[id]})`}: ${messages.length} messages`);
    for (const m of messages) {
      const p = m.body.data.payload as NotificationPayload;
      lines.push(`    ${m.body.data.channel.padEnd(5)} → ${p.to.address.padEnd(22)} ${p.subject}`);
    }
  }
  return lines;
};
