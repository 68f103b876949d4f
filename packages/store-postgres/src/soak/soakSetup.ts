/**
 * What the soak's processes share: the run's settings, the fast clock, the deadline and notification policies,
 * the commands each instance drives, and the file of acknowledged commands.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import {
  businessCalendar,
  defineNotifications,
  deadlinePolicy,
  type Command,
  type Notifications,
  type StaffMember,
} from '@redress/core';
import { exampleLifecycle } from '@redress/testing';

/** The run's settings, written by the test to a file every instance reads. */
export interface SoakConfig {
  readonly schema: string;
  readonly natsUrl: string;
  readonly stream: string;
  readonly tenant: string;
  readonly receiverUrl: string;
  readonly secret: string;
  /** The log's signing key (C2SP note key) and its origin. */
  readonly signerKey: string;
  readonly origin: string;
  /** Where acknowledgements and checkpoint directories go. */
  readonly dir: string;
  /** Real epoch ms at which the engines' clock reads `base`. */
  readonly startAt: number;
  readonly base: string;
  /** How many clock milliseconds pass per real millisecond. */
  readonly speed: number;
}

export const readConfig = (path: string): SoakConfig => JSON.parse(readFileSync(path, 'utf8')) as SoakConfig;

/** The engines' clock: from `base` at `startAt`, `speed` times faster than real time (3600: one second is an hour). */
export const fastClock = (config: Pick<SoakConfig, 'startAt' | 'base' | 'speed'>) => {
  const base = Date.parse(config.base);
  return (): Date => new Date(base + (Date.now() - config.startAt) * config.speed);
};

/** Short clocks in hours, so that warnings and breaches fall due while processes die: 3 h to decide, 10 to resolve. */
export const soakDeadlines = deadlinePolicy({
  calendar: businessCalendar({ timeZone: 'UTC' }),
  rules: { decide: { within: { hours: 3 } }, resolve: { within: { hours: 10 } } },
});

/** Every notification goes by webhook to the test's receiver, for complainants and staff alike. */
export const soakNotifications = (receiverUrl: string): Notifications => {
  const addresses = { webhook: receiverUrl };
  const staff: StaffMember[] = [
    { id: 'handler-1', roles: ['handler'], addresses },
    { id: 'supervisor-1', roles: ['supervisor'], addresses },
    { id: 'qc-1', roles: ['department'], department: 'quality-control', addresses },
  ];
  return defineNotifications({
    staff,
    rules: (defaults) => defaults.map((rule) => ({ ...rule, channels: ['webhook'] })),
    complainant: () => ({ id: 'complainant', addresses }),
  });
};

/** The complaints every instance adds notes to, received by the test before the instances start. */
export const SHARED = ['K-shared-0', 'K-shared-1', 'K-shared-2'] as const;

/** The steps of one complaint's life (13 commands), each with a commandId of its own: a re-try is a repeat. */
export const lifeOf = (complaintId: string): Command[] =>
  exampleLifecycle(complaintId).map((cmd, step) => ({ ...cmd, commandId: `${complaintId}:${step}` }) as Command);

export const LIFE_STEPS = lifeOf('K').length;

/** The `m`th note of instance `name`, on one of the shared complaints. */
export const noteOf = (name: string, m: number): Command => ({
  type: 'addNote',
  complaintId: SHARED[m % SHARED.length] as string,
  actor: { id: 'agent-7', role: 'agent' },
  text: `${name} note ${m}`,
  commandId: `${name}-note-${m}`,
});

/** One command an instance drove to the end: its complaint, commandId and when (real epoch ms). */
export interface Acknowledged {
  readonly complaintId: string;
  readonly commandId: string;
  readonly type: string;
  /** The engine answered that this commandId had been executed before (a re-try after a kill). */
  readonly duplicate: boolean;
  readonly at: number;
}

/** The acknowledgements in a file; a last line cut short (a kill mid-write) is not one. */
export const readAcknowledged = (path: string): Acknowledged[] => {
  if (!existsSync(path)) return [];
  const lines = readFileSync(path, 'utf8').split('\n');
  lines.pop();
  return lines.filter((l) => l !== '').map((l) => JSON.parse(l) as Acknowledged);
};

/** A file of acknowledgements to append to: each line written and fsynced before the next command starts. */
export const acknowledgements = (path: string) => {
  const fd = openSync(path, 'a');
  return {
    write(ack: Acknowledged) {
      writeSync(fd, `${JSON.stringify(ack)}\n`);
      fsyncSync(fd);
    },
    close: () => closeSync(fd),
  };
};
