import {
  toDeliveryStatus,
  withoutPersonalValues,
  type Complaint,
  type DeliveryStatus,
  type OutboxRecord,
  type Stage,
  type StoredEvent,
} from '@redress/core';
import { describeEvent } from './describeEvent';
import { hidePersonal } from '../privacy/personalFields';

/** One row of the audit timeline. */
export interface TimelineRow {
  readonly version: number;
  readonly at: string;
  readonly actor: string;
  readonly role: string;
  readonly type: string;
  readonly what: string;
  /** The stage after the event. */
  readonly stage: Stage;
}

/** How long the complaint stayed in a stage (one visit). */
export interface StageSpan {
  readonly stage: Stage;
  readonly from: string;
  readonly to: string | null;
  readonly ms: number | null;
  /** A final stage: the complaint stays there. */
  readonly final: boolean;
}

/** A deadline of the complaint and how it went. */
export interface DeadlineRow {
  readonly kind: string;
  readonly dueAt: string;
  readonly outcome: 'met' | 'missed' | 'running' | 'stopped';
  readonly metAt: string | null;
}

/** Everything `redress audit` reports about one complaint. */
export interface Audit {
  /**
   * `hidden`: no personal data (the report can be passed around); `revealed`:
   * decrypted with the keys on request (`--reveal`), the report holds personal data.
   */
  readonly personalData: 'hidden' | 'revealed';
  readonly complaintId: string;
  readonly stage: Stage;
  readonly status: 'open' | 'closed';
  readonly version: number;
  readonly lastHash: string;
  readonly timeline: readonly TimelineRow[];
  readonly stages: readonly StageSpan[];
  readonly deadlines: readonly DeadlineRow[];
  /** `null` when the source keeps no outbox (an NDJSON export). */
  readonly notifications: readonly DeliveryStatus[] | null;
}

const spans = (rows: readonly TimelineRow[], closed: boolean): StageSpan[] => {
  const out: { stage: Stage; from: string; to: string | null }[] = [];
  for (const row of rows) {
    const last = out.at(-1);
    if (last?.stage === row.stage) continue;
    if (last !== undefined) last.to = row.at;
    out.push({ stage: row.stage, from: row.at, to: null });
  }
  return out.map((s, i) => ({
    ...s,
    ms: s.to === null ? null : Date.parse(s.to) - Date.parse(s.from),
    final: closed && i === out.length - 1,
  }));
};

const deadlineRows = (complaint: Complaint, events: readonly StoredEvent[]): DeadlineRow[] => {
  const breached = new Set(
    events.filter((e) => e.type === 'DeadlineBreached').map((e) => (e.data as { deadline: string }).deadline),
  );
  return Object.values(complaint.deadlines ?? {}).map((d) => ({
    kind: d.kind,
    dueAt: d.dueAt,
    // A deadline answered after it was due is missed too, even if no tick recorded the breach.
    outcome:
      d.breached || breached.has(d.kind) || (d.metAt !== undefined && d.metAt > d.dueAt)
        ? 'missed'
        : d.status === 'met'
          ? 'met'
          : d.status,
    metAt: d.metAt ?? null,
  }));
};

/** What {@link buildAudit} is told about personal data; by default it hides it. */
export interface AuditPrivacy {
  /** Each event's data as shown (from `openEvent`); default: hidden with `hidePersonal`. */
  readonly shown?: readonly Readonly<Record<string, unknown>>[];
  /** Set when the data shown was revealed on request: nothing is cut out then. */
  readonly revealed?: boolean;
  /** Personal values in clear to cut out of every other text (reasons, delivery errors). */
  readonly hiddenValues?: readonly string[];
}

/**
 * Build the audit of one complaint from its verified events, the machine's state
 * after each, and its outbox rows. Personal data is hidden: the fields the
 * privacy policy names show as `(personal data, hidden)`, and their values in
 * clear are cut out of every other text of the report (a reason or a delivery
 * error that quotes them), unless `privacy.revealed` says they were asked for.
 *
 * @example
 * const audit = buildAudit(events, states, await source.outbox(id), new Date());
 */
export const buildAudit = (
  events: readonly StoredEvent[],
  states: readonly Complaint[],
  outbox: readonly OutboxRecord[] | undefined,
  now: Date,
  privacy: AuditPrivacy = {},
): Audit => {
  const complaint = states.at(-1) as Complaint;
  const opened = privacy.shown === undefined ? events.map(hidePersonal) : undefined;
  const shown = privacy.shown ?? (opened ?? []).map((o) => o.shown);
  const hiddenValues = [...(privacy.hiddenValues ?? []), ...(opened ?? []).flatMap((o) => o.hiddenValues)];
  const revealed = privacy.revealed === true;
  // Free text of the report (what an event says, why a delivery failed) may quote a hidden value.
  const clean = (text: string) => (revealed ? text : withoutPersonalValues(text, hiddenValues));
  const timeline = events.map((e, i) => ({
    version: e.version,
    at: e.occurredAt,
    actor: e.actor.id,
    role: e.actor.role,
    type: e.type,
    what: clean(describeEvent(e, shown[i])),
    stage: (states[i] as Complaint).stage,
  }));
  const delivery = (status: DeliveryStatus): DeliveryStatus => ({
    ...status,
    lastError: status.lastError === null ? null : clean(status.lastError),
    summary: clean(status.summary),
    history: status.history.map((h) => (h.error === undefined ? h : { ...h, error: clean(h.error) })),
  });
  return {
    personalData: revealed ? 'revealed' : 'hidden',
    complaintId: complaint.id,
    stage: complaint.stage,
    status: complaint.status,
    version: complaint.version,
    lastHash: complaint.lastHash,
    timeline,
    stages: spans(timeline, complaint.status === 'closed'),
    deadlines: deadlineRows(complaint, events),
    notifications: outbox === undefined ? null : outbox.map((row) => delivery(toDeliveryStatus(row, now))),
  };
};

/** A duration for people: 2d 3h, 4h 10m, 12m. */
export const humanDuration = (ms: number | null): string => {
  if (ms === null) return 'ongoing';
  const m = Math.round(ms / 60_000);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${m % 60}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
};
