// The receiving side in docs/notify-webhook.md: an HTTP server that accepts only webhooks
// signed with the secret. Run by notifyWebhook.int.test.ts.
import type { AddressInfo } from 'node:net';
import http from 'node:http';
import { verifyWebhook, type WebhookBody } from '@redress/notify-webhook';

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const rawBody = Buffer.concat(chunks); // the exact bytes received, before any JSON parsing
    try {
      const body = verifyWebhook<WebhookBody>({
        secret: process.env.WEBHOOK_SECRET!,
        headers: req.headers,
        body: rawBody,
      });
      console.log(`${body.data.id} for ${body.data.streamId}`); // an id seen before is a redelivery: drop it
      res.writeHead(204).end();
    } catch {
      res.writeHead(401).end(); // a changed body or header, another secret, or a stale timestamp
    }
  });
});
server.listen(Number(process.env.PORT ?? 8080));

server.on('listening', () => console.log(`listening on ${(server.address() as AddressInfo).port}`));
