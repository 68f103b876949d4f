import fc from 'fast-check';
import {
  isRedressError,
  type Command,
  type Complaint,
  type Engine,
  type Policy,
  type StoredEvent,
} from '@redress/core';
import { commandFor } from './commandFor';
import { keptRules, ruleNamedRefuses } from './ruleChecks';
import { evaluate, InvariantViolation, type ComplaintLog, type Invariant } from './invariant';
import type { StepInput } from './stepInput';

/** What the runner knows during one run. */
export interface RunModel {
  readonly ids: string[];
  readonly live: Map<string, Complaint>;
  readonly trace: string[];
  readonly stages: Set<string>;
  executed: number;
  refused: number;
}

/** The system under test in one run: the engine and the clock it reads. */
export interface RunReal {
  readonly engine: Engine;
  readonly advance: (minutes: number) => void;
}

const describeCommand = (cmd: Command): string => {
  const { type, actor, ...rest } = cmd as Command & Record<string, unknown>;
  const extra = Object.entries(rest)
    .filter(([k]) => ['proposalId', 'accepted', 'department', 'remedy', 'satisfaction'].includes(k))
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(' ');
  return `${type} ${rest.complaintId as string} by ${actor.id}(${actor.role})${extra ? ` ${extra}` : ''}`;
};

const countEvents = async (engine: Engine, id: string): Promise<number> => {
  let n = 0;
  for await (const _ of engine.store.readStream(id)) n++;
  return n;
};

/**
 * One random step of a model run: resolve the choices against the complaint,
 * execute the command, then check every invariant on that complaint's log.
 *
 * @example
 * fc.commands([stepInputs(o).map((i) => new LifecycleStep(i, policy, builtInInvariants))]);
 */
export class LifecycleStep implements fc.AsyncCommand<RunModel, RunReal, false> {
  private done = '';

  constructor(
    readonly input: StepInput,
    private readonly policy: Policy,
    private readonly invariants: readonly Invariant[],
  ) {}

  check(_m: Readonly<RunModel>): boolean {
    return true;
  }

  async run(m: RunModel, r: RunReal): Promise<void> {
    r.advance(this.input.minutes);
    const id = m.ids[this.input.target] ?? `C-${m.ids.length + 1}`;
    const before = m.live.get(id);
    const others = m.ids.filter((o) => o !== id);
    const cmd = commandFor(this.policy, before, id, this.input, others);
    const label = describeCommand(cmd);
    const offered = r.engine.allowedCommands(before, cmd.actor);
    const other = cmd.type === 'link' ? cmd.relatedId : cmd.type === 'merge' ? cmd.into : undefined;
    try {
      const result = await r.engine.execute(cmd);
      if (before === undefined) m.ids.push(id);
      m.live.set(id, result.complaintId === id ? result.complaint : await r.engine.load(id));
      // A link or a merge writes to the other complaint too.
      if (other !== undefined && m.live.has(other)) m.live.set(other, await r.engine.load(other));
      m.stages.add(result.complaint.stage);
      m.executed++;
      this.done = `${label} → v${result.version} ${result.complaint.stage}`;
      const broken = keptRules(this.policy, cmd, before, offered);
      if (broken !== undefined) {
        m.trace.push(this.done);
        throw new InvariantViolation(broken.rule, id, broken.reason, m.trace);
      }
    } catch (error) {
      if (!isRedressError(error)) throw error;
      m.refused++;
      this.done = `${label} → refused ${error.code}`;
      const wrong = ruleNamedRefuses(this.policy, cmd, before, error);
      if (wrong !== undefined) {
        m.trace.push(this.done);
        throw new InvariantViolation('a refusing rule refuses', id, wrong, m.trace);
      }
      const now = await countEvents(r.engine, id);
      const had = before?.version ?? 0;
      if (now !== had) {
        m.trace.push(this.done);
        throw new InvariantViolation(
          'refused command appends nothing',
          id,
          `the stream went from ${had} to ${now} events`,
          m.trace,
        );
      }
    }
    m.trace.push(this.done);
    if (before === undefined && !m.live.has(id)) return;
    await this.checkInvariants(m, r, id);
    if (other !== undefined && m.live.has(other)) await this.checkInvariants(m, r, other);
  }

  private async checkInvariants(m: RunModel, r: RunReal, id: string): Promise<void> {
    const live = await r.engine.load(id);
    // The log as stored, not `history`, which refuses a chain that breaks: the invariants are there to name that.
    const stored: StoredEvent[] = [];
    for await (const e of r.engine.store.readStream(id)) stored.push(e);
    // Decrypted for the invariants that read personal fields; as stored where the engine refuses to read it.
    const events = await r.engine.history(id, { reveal: true }).catch((error: unknown) => {
      if (isRedressError(error, 'TAMPERED')) return stored;
      throw error;
    });
    const log: ComplaintLog = { complaintId: id, events, stored, live, policy: this.policy };
    for (const invariant of this.invariants) {
      const why = await evaluate(invariant, log);
      if (why !== undefined) throw new InvariantViolation(invariant.name, id, why, m.trace);
    }
  }

  /** A fresh copy per run, so the counterexample shows what its own run did. */
  [fc.cloneMethod](): LifecycleStep {
    return new LifecycleStep(this.input, this.policy, this.invariants);
  }

  toString(): string {
    return this.done || `step(${JSON.stringify(this.input)})`;
  }
}
