/** Every stage a complaint can be in. */
export const STAGES = [
  'received',
  'judged',
  'investigated',
  'proposal',
  'implemented',
  'reviewed',
  'rejected',
  'withdrawn',
] as const;

export type Stage = (typeof STAGES)[number];

/** Stages in which the complaint is still being worked on. */
export const OPEN_STAGES = ['received', 'judged', 'investigated', 'proposal', 'implemented'] as const satisfies readonly Stage[];

/** Stages that end the procedure. */
export const FINAL_STAGES = ['reviewed', 'rejected', 'withdrawn'] as const satisfies readonly Stage[];

export type OpenStage = (typeof OPEN_STAGES)[number];

const open = new Set<Stage>(OPEN_STAGES);

/** Whether the complaint is still being worked on in this stage. */
export const isOpenStage = (stage: Stage): stage is OpenStage => open.has(stage);
