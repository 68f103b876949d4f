import type { Complaint } from './complaint';
import type { RecordedEvent } from './envelope';
import type { EventType } from './events';

/** What the machine receives: the recorded event, under its type. */
export interface MachineEvent {
  readonly type: EventType;
  readonly event: RecordedEvent;
}

/** What the machine holds: the complaint folded so far (`undefined` before its first event). */
export interface MachineContext {
  readonly complaint: Complaint | undefined;
}
