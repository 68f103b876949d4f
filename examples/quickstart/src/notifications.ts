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

/** One line per delivered message: channel, recipient, subject. */
export const describeDelivery = (m: ReceivedWebhook): string => {
  const p = m.body.data.payload as NotificationPayload;
  return `  ${m.body.data.channel.padEnd(5)} → ${p.to.address.padEnd(22)} ${p.subject}`;
};
