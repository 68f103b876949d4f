import type { z } from 'zod';
import type { Stage } from './stages';
import type { Deadlines } from '../deadlines/deadlineClock';
import type { complainantSchema, compensationSchema } from './events';
import type { CHANNELS, PRIORITIES, UpholdOutcome } from './events';
import type { Erased } from './erased';

/** The person who complains, as validated by `complainantSchema`. */
export type Complainant = z.output<typeof complainantSchema>;

/**
 * A personal field as a complaint holds it: the text, or the {@link Erased}
 * marker once its subject's personal data was erased. Check with `isErased`.
 *
 * @example
 * const name: Erasable<string> = complaint.complainant.name;
 * console.log(isErased(name) ? '(erased)' : name);
 */
export type Erasable<T> = T | Erased;

/**
 * The complainant as a complaint holds them: every field (each one personal,
 * as `complainantSchema` marks it) reads as {@link Erased} after an erasure.
 *
 * @example
 * const { name, phone } = complaint.complainant; // string | Erased, string | Erased | undefined
 */
export type ComplaintComplainant = {
  readonly [K in keyof Complainant]: Complainant[K] extends string ? Erasable<Complainant[K]> : Complainant[K] | Erased;
};
/** A sum of money offered with a remedy. */
export type Compensation = z.output<typeof compensationSchema>;
/** The channel a complaint arrived through, one of `CHANNELS`. */
export type Channel = (typeof CHANNELS)[number];
/** The priority of an accepted complaint, one of `PRIORITIES`. */
export type Priority = (typeof PRIORITIES)[number];

/** One remedy a department proposed. */
export interface Proposal {
  readonly id: string;
  readonly description: string;
  readonly compensation?: Compensation | undefined;
  readonly proposedBy: string;
  readonly proposedAt: string;
  /** Distinct approvers needed (from the policy when proposed) and those who approved so far. */
  readonly approvalsRequired: number;
  readonly approvals: readonly string[];
  /** `refused` once the customer turned the implemented remedy down. */
  readonly status: 'proposed' | 'approved' | 'refused';
}

/**
 * A complaint as it stands after folding its events. The fields the default
 * privacy policy encrypts (the complainant's, `summary`, `desiredRemedy`,
 * `followUp.comment`) are {@link Erasable}: once the subject was erased they
 * read as the `{ erased: true }` marker, so check them with `isErased` before
 * using them as text. (A policy that encrypts more fields makes those read as
 * erased too, beyond what these types say.)
 */
export interface Complaint {
  readonly id: string;
  readonly stage: Stage;
  readonly status: 'open' | 'closed';
  readonly version: number;
  readonly lastHash: string;
  readonly channel: Channel;
  readonly category: string;
  readonly complainant: ComplaintComplainant;
  readonly summary: Erasable<string>;
  readonly desiredRemedy?: Erasable<string> | undefined;
  readonly reference?: string | undefined;
  /** The firm the complaint is made against (`ComplaintReceived.legalEntity`). */
  readonly legalEntity?: string | undefined;
  /** The complainant's language at intake (`ComplaintReceived.locale`), for their messages. */
  readonly locale?: string | undefined;
  readonly receivedAt: string;
  readonly receivedBy: string;
  readonly acknowledgedAt?: string | undefined;
  readonly decidedAt?: string | undefined;
  readonly department?: string | undefined;
  readonly priority?: Priority | undefined;
  readonly assignee?: string | undefined;
  /** The routing policy's choice when the complaint was accepted (the department may differ from it). */
  readonly routing?: { readonly department: string; readonly rule: string } | undefined;
  readonly rejectionReason?: string | undefined;
  readonly withdrawalReason?: string | undefined;
  readonly investigation?:
    | { readonly rootCause: string; readonly responsibleParty: string; readonly findings?: string | undefined }
    | undefined;
  readonly proposals: readonly Proposal[];
  readonly approvedProposalId?: string | undefined;
  readonly implementation?:
    | { readonly actionsTaken: string; readonly penalty?: string | undefined; readonly at: string }
    | undefined;
  /** `undefined` while the customer has not answered the implemented remedy. */
  readonly customerAccepted?: boolean | undefined;
  readonly refusals: number;
  readonly review?:
    | {
        readonly summary: string;
        readonly classification: string;
        readonly improvementActions: readonly string[];
        readonly outcome?: UpholdOutcome | undefined;
        readonly at: string;
      }
    | undefined;
  readonly followUp?:
    | { readonly satisfaction: number; readonly comment?: Erasable<string> | undefined; readonly at: string }
    | undefined;
  readonly escalations: number;
  readonly notes: number;
  readonly deadlineWarnings: readonly string[];
  readonly deadlineBreaches: readonly string[];
  readonly updatedAt: string;
  readonly closedAt?: string | undefined;
  /** Deadline clocks by kind, as recorded by `DeadlineSet` and the events that meet them. */
  readonly deadlines?: Deadlines | undefined;
  /** Settled at first contact (`ResolvedAtFirstContact`): what was done, and whether it was upheld. */
  readonly firstContact?:
    | { readonly resolution: string; readonly outcome?: UpholdOutcome | undefined; readonly at: string }
    | undefined;
  /** Complaints linked to this one, in the order linked. */
  readonly links: readonly string[];
  /** Complaints merged into this one as its duplicates. */
  readonly duplicates: readonly string[];
  /** Set when this complaint was merged into another as a duplicate (stage `merged`). */
  readonly mergedInto?: string | undefined;
  /** Set while the complaint waits for the complainant: its deadline clocks stand still. */
  readonly pausedAt?: string | undefined;
  /** The data subject whose key encrypts the personal fields; absent for a complaint written in plain text. */
  readonly subjectId?: string | undefined;
  /** When the subject's personal data was erased (`PersonalDataErased`); its fields then read as erased. */
  readonly personalDataErasedAt?: string | undefined;
}
