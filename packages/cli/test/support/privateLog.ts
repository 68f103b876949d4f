import {
  createDispatcher,
  createEngine,
  defineNotifications,
  encryptFields,
  GENESIS_HASH,
  hashEvent,
  privateFields,
  defaultPrivacyPolicy,
  secretKek,
  sequentialIds,
  subjectKeys,
  type Actor,
  type EventStore,
  type EventType,
  type RecordedEvent,
} from '@redress/core';
import { sqliteKeyStore, sqliteStore } from '@redress/store-sqlite';
import { steppingClock } from './seedStore';

const agent: Actor = { id: 'agent-7', role: 'agent' };
const handler: Actor = { id: 'handler-2', role: 'handler' };
const qc: Actor = { id: 'qc-1', role: 'department', department: 'quality-control' };
const sup: Actor = { id: 'sup-1', role: 'supervisor' };

/** A complainant and the case's free text, hostile in every way a report could trip on. */
export const PERSON = {
  name: '王芳 <script>alert(1)</script> "O\'Brien"',
  phone: '+86 138 0013 8000',
  email: 'fang.wang.7731@kettle-owners.cn',
  address: '上海市 长宁路 88号 <b>3楼</b> & co',
  summary: 'Kettle leaks; order 8812-3391 "urgent" <i>burnt hand</i>',
  desiredRemedy: 'A new kettle & a refund of 299 元',
  note: 'Called her at home: 王芳 has been ill since the burn',
  customerComment: 'Wants a new one, says 王芳 herself',
  followUpComment: 'Happy now — thanks from Fang at 长宁路',
} as const;

/** Every personal value, and the forms a report could write it in (JSON-, HTML-escaped). */
export const personalForms = (): string[] => {
  const html = (v: string) =>
    v.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
  return Object.values(PERSON).flatMap((v) => [v, JSON.stringify(v).slice(1, -1), html(v)]);
};

/**
 * The whole lifecycle of one complaint of {@link PERSON}, with notifications:
 * the complainant's acknowledgement fails through a channel whose error quotes
 * the address and the name.
 */
export const privateLifecycle = async (store: EventStore): Promise<string> => {
  const engine = createEngine({
    store,
    clock: steppingClock(),
    ids: sequentialIds(),
    outbox: defineNotifications({
      locale: 'en',
      staff: [{ id: 'sup-1', name: '李主管', roles: ['supervisor'], addresses: { email: 'li@corp.example.com' } }],
    }).outbox,
  });
  const { complaintId } = await engine.execute({
    type: 'receive',
    actor: agent,
    channel: 'phone',
    category: 'quality',
    complainant: { name: PERSON.name, phone: PERSON.phone, email: PERSON.email, address: PERSON.address },
    summary: PERSON.summary,
    desiredRemedy: PERSON.desiredRemedy,
  });
  await engine.execute({
    type: 'accept',
    complaintId,
    actor: handler,
    department: 'quality-control',
    priority: 'high',
  });
  await engine.execute({ type: 'addNote', complaintId, actor: agent, text: PERSON.note });
  await engine.execute({
    type: 'recordInvestigation',
    complaintId,
    actor: qc,
    rootCause: 'Faulty seal',
    responsibleParty: 'supplier',
  });
  const proposalId = (
    await engine.execute({ type: 'proposeRemedy', complaintId, actor: qc, remedy: { description: 'Replace it' } })
  ).proposalId as string;
  await engine.execute({ type: 'approveRemedy', complaintId, actor: sup, proposalId });
  await engine.execute({ type: 'implementRemedy', complaintId, actor: qc, actionsTaken: 'Shipped a new kettle' });
  await engine.execute({
    type: 'recordCustomerResponse',
    complaintId,
    actor: agent,
    accepted: true,
    comment: PERSON.customerComment,
  });
  await engine.execute({ type: 'review', complaintId, actor: sup, summary: 'Seal changed', classification: 'defect' });
  await engine.execute({
    type: 'recordFollowUp',
    complaintId,
    actor: agent,
    satisfaction: 4,
    comment: PERSON.followUpComment,
  });
  // A channel whose every failure names the person, as a careless one would.
  await createDispatcher({
    store,
    maxAttempts: 1,
    channels: ['email', 'sms'].map((name) => ({
      name,
      send: async (message) => {
        const to = (message.payload as { to?: { name?: string; address?: string } }).to;
        throw new Error(`mailbox ${to?.address} of ${to?.name} is full`);
      },
    })),
  }).runOnce();
  return complaintId;
};

/** A subject's data key in a key file, and the KEK secret that wraps it. */
export interface EncryptedLog {
  readonly complaintId: string;
  readonly subjectId: string;
  readonly events: readonly RecordedEvent[];
}

/**
 * The lifecycle of {@link privateLifecycle}, its personal fields encrypted under
 * one subject's key (kept in `keyFile`, wrapped by `secret`) and its hash chain
 * computed over the ciphertext, appended to `store` as an encrypting engine
 * would have written it.
 */
export const encryptedLifecycle = async (
  store: EventStore,
  keyFile: string,
  secret: string,
  subjectId = 'S-wang-fang',
  /** The key-encryption key's id, when the app names it itself; default the one derived from the secret. */
  kekId?: string,
): Promise<EncryptedLog> => {
  // Written in clear first, on a durable store (a memory store may encrypt on its own, under a key it forgets).
  const clear = sqliteStore({ path: `${keyFile}.clear.db` });
  const complaintId = await privateLifecycle(clear);
  const kek = secretKek(secret, kekId === undefined ? {} : { id: kekId });
  const keys = subjectKeys({ store: sqliteKeyStore({ path: keyFile }), kek });
  const key = await keys.create(subjectId);
  await keys.close();
  let prevHash = GENESIS_HASH;
  const events: RecordedEvent[] = [];
  for await (const e of clear.readStream(complaintId)) {
    const place = { streamId: e.streamId, version: e.version, type: e.type };
    const data = encryptFields(
      e.data as Record<string, unknown>,
      place,
      privateFields(defaultPrivacyPolicy, e.type as EventType),
      key,
    );
    const { hash: _old, position: _position, ...rest } = e as RecordedEvent & { position?: number };
    const event = { ...rest, data, prevHash } as Omit<RecordedEvent, 'hash'>;
    const hash = hashEvent(event);
    events.push({ ...event, hash } as RecordedEvent);
    prevHash = hash;
  }
  await clear.close();
  await store.append(complaintId, events, { expectedVersion: 0 });
  return { complaintId, subjectId, events };
};
