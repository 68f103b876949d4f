import { isDeepStrictEqual } from 'node:util';
import { FINAL_STAGES, verifyEvents, type RecordedEvent } from '@redress/core';
import type { Invariant } from './invariant';
import { replayWithMachine } from './machineReplay';

const data = <T>(e: RecordedEvent) => e.data as T;
const at = (e: RecordedEvent) => `v${e.version} (${e.type})`;

/**
 * Versions run 1, 2, 3 … with no gap, and store positions only grow.
 *
 * @example
 * await evaluate(versionsContiguous, log); // undefined when it holds
 */
export const versionsContiguous: Invariant = {
  name: 'versions contiguous',
  check: ({ events }) => {
    let position = 0;
    for (const [i, e] of events.entries()) {
      if (e.version !== i + 1) return `event ${i + 1} has version ${e.version}`;
      if (e.position <= position) return `${at(e)} has position ${e.position}, not after ${position}`;
      position = e.position;
    }
    return true;
  },
};

/**
 * Each event's hash is sha256(prevHash + canonical JSON) and chains from the one before.
 *
 * @example
 * await evaluate(hashesChain, log); // e.g. 'v3: …' when an event was altered
 */
export const hashesChain: Invariant = {
  name: 'hashes chain',
  check: async ({ events, stored, complaintId }) => {
    const r = await verifyEvents(stored ?? events, { streamId: complaintId, legal: (c) => c ?? ({} as never) });
    return r.ok || `v${r.version}: ${r.reason}`;
  },
};

/**
 * Folding the stored log through the XState machine gives what the engine says live.
 *
 * @example
 * await evaluate(replayEqualsLive, log); // undefined when it holds
 */
export const replayEqualsLive: Invariant = {
  name: 'replay equals live state',
  check: ({ events, live }) => {
    const r = replayWithMachine(events);
    if (!r.ok) return `the machine refuses v${r.version}: ${r.reason}`;
    if (!isDeepStrictEqual(r.complaint, live)) {
      const keys = Object.keys(live).filter((k) => !isDeepStrictEqual((r.complaint as never)?.[k], (live as never)[k]));
      return `replayed state differs from the live state in: ${keys.join(', ') || '(shape)'}`;
    }
    return true;
  },
};

/**
 * A remedy is implemented only while one proposal holds as many distinct
 * approvers as its `RemedyProposed` said it needs (the policy's `approvalsRequired`).
 *
 * @example
 * await evaluate(implementedOnlyWhenApproved, log); // undefined when it holds
 */
export const implementedOnlyWhenApproved: Invariant = {
  name: 'remedy implemented only after approval',
  check: ({ events }) => {
    const proposals = new Map<string, { required: number; approvers: Set<string> }>();
    let approved: string | undefined;
    for (const e of events) {
      if (e.type === 'RemedyProposed') {
        const d = data<{ proposalId: string; approvalsRequired: number }>(e);
        proposals.set(d.proposalId, { required: d.approvalsRequired, approvers: new Set() });
      } else if (e.type === 'RemedyApproved') {
        const id = data<{ proposalId: string }>(e).proposalId;
        const p = proposals.get(id);
        if (p === undefined) return `${at(e)} approves unknown proposal "${id}"`;
        p.approvers.add(e.actor.id);
        if (p.approvers.size >= p.required) approved = id;
      } else if (e.type === 'RemedyImplemented') {
        if (approved === undefined) {
          const partial = [...proposals].find(([, p]) => p.approvers.size > 0 && p.approvers.size < p.required);
          if (partial === undefined) return `${at(e)} implements a remedy when none is approved`;
          return `${at(e)} implements proposal ${partial[0]} with ${partial[1].approvers.size} of ${partial[1].required} approvers`;
        }
      } else if (e.type === 'CustomerResponded' && !data<{ accepted: boolean }>(e).accepted) {
        approved = undefined;
      }
    }
    return true;
  },
};

/**
 * The complaint is reviewed only after the customer accepted the implemented remedy
 * (or the resolution at first contact).
 *
 * @example
 * await evaluate(reviewedOnlyAfterAcceptance, log); // undefined when it holds
 */
export const reviewedOnlyAfterAcceptance: Invariant = {
  name: 'review only after customer acceptance',
  check: ({ events }) => {
    let accepted = false;
    for (const e of events) {
      if (e.type === 'RemedyImplemented') accepted = false;
      if (e.type === 'CustomerResponded') accepted = data<{ accepted: boolean }>(e).accepted;
      // Settled at first contact: the customer accepted it there and then.
      if (e.type === 'ResolvedAtFirstContact') accepted = true;
      if (e.type === 'ComplaintReviewed' && !accepted) return `${at(e)} comes without the customer's acceptance`;
    }
    return true;
  },
};

const closing: Readonly<Record<string, string>> = {
  ComplaintRejected: 'rejected',
  ComplaintWithdrawn: 'withdrawn',
  ComplaintReviewed: 'reviewed',
  ComplaintMerged: 'merged',
};

/** Records that change no case and may follow its end: links to it, duplicates merged into it. */
const RECORDS = new Set(['ComplaintLinked', 'DuplicateMerged', 'PersonalDataErased']);

/**
 * Nothing follows `rejected`, `withdrawn` or `merged` but records (links, merged
 * duplicates, an erasure; a merged complaint takes only an erasure); after
 * `reviewed` also one follow-up.
 *
 * @example
 * await evaluate(nothingAfterFinal, log); // undefined when it holds
 */
export const nothingAfterFinal: Invariant = {
  name: 'no event after a final stage',
  check: ({ events }) => {
    let final: string | undefined;
    let followUps = 0;
    for (const e of events) {
      if (final !== undefined) {
        const allowed =
          (final === 'reviewed' && e.type === 'FollowUpRecorded' && followUps++ === 0) ||
          (final !== 'merged' && RECORDS.has(e.type)) ||
          e.type === 'PersonalDataErased';
        if (!allowed) return `${at(e)} follows the final stage "${final}"`;
      }
      final ??= closing[e.type];
    }
    return final === undefined || (FINAL_STAGES as readonly string[]).includes(final);
  },
};

/**
 * Segregation of duties, unless the policy turns it off: no actor approves a
 * remedy they proposed, in whatever role either was done.
 *
 * @example
 * await evaluate(proposerNeverApproves, log); // undefined when it holds
 */
export const proposerNeverApproves: Invariant = {
  name: 'no actor approves a remedy they proposed',
  check: ({ events, policy }) => {
    if (policy.segregateDuties === false) return true;
    const proposer = new Map<string, string>();
    for (const e of events) {
      if (e.type === 'RemedyProposed') proposer.set(data<{ proposalId: string }>(e).proposalId, e.actor.id);
      if (e.type === 'RemedyApproved') {
        const id = data<{ proposalId: string }>(e).proposalId;
        if (proposer.get(id) === e.actor.id)
          return `${at(e)}: ${e.actor.id} (${e.actor.role}) approves proposal "${id}", which they proposed`;
      }
    }
    return true;
  },
};

/**
 * The invariants every run checks, in the order they are checked.
 *
 * @example
 * for (const inv of builtInInvariants) console.log(inv.name);
 */
export const builtInInvariants: readonly Invariant[] = [
  versionsContiguous,
  hashesChain,
  replayEqualsLive,
  implementedOnlyWhenApproved,
  reviewedOnlyAfterAcceptance,
  nothingAfterFinal,
  proposerNeverApproves,
];
