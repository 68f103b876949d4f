/**
 * Every stage a complaint can be in.
 *
 * @example
 * STAGES.includes(complaint.stage); // true
 */
export const STAGES = [
  'received',
  'judged',
  'investigated',
  'proposal',
  'implemented',
  'reviewed',
  'rejected',
  'withdrawn',
  'merged',
] as const;

/** A stage a complaint can be in, one of `STAGES`. */
export type Stage = (typeof STAGES)[number];

/**
 * Stages in which the complaint is still being worked on.
 *
 * @example
 * OPEN_STAGES.length; // 5
 */
export const OPEN_STAGES = [
  'received',
  'judged',
  'investigated',
  'proposal',
  'implemented',
] as const satisfies readonly Stage[];

/**
 * Stages that end the procedure.
 *
 * @example
 * FINAL_STAGES.includes('withdrawn'); // true
 */
export const FINAL_STAGES = ['reviewed', 'rejected', 'withdrawn', 'merged'] as const satisfies readonly Stage[];

/** A stage in which the complaint is still being worked on, one of `OPEN_STAGES`. */
export type OpenStage = (typeof OPEN_STAGES)[number];

const open = new Set<Stage>(OPEN_STAGES);

/**
 * Whether the complaint is still being worked on in this stage.
 *
 * @example
 * isOpenStage('proposal'); // true
 * isOpenStage('reviewed'); // false
 */
export const isOpenStage = (stage: Stage): stage is OpenStage => open.has(stage);
