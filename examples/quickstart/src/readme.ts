// The example at the top of the README; its test checks that it prints what the README shows.
import { createEngine, isRedressError, memoryStore } from '@redress/core';

const engine = createEngine({ store: memoryStore() });
const agent = { id: 'agent-7', role: 'agent' };
const handler = { id: 'handler-li', role: 'handler' };

const { complaintId } = await engine.execute({
  type: 'receive',
  complaintId: 'C-1001',
  actor: agent,
  channel: 'phone',
  category: 'quality',
  complainant: { name: '王芳', phone: '+86 138 0000 0000' },
  summary: 'Kettle leaks after two days',
  desiredRemedy: 'replacement',
});
await engine.execute({ type: 'accept', complaintId, actor: handler, department: 'quality-control', priority: 'high' });

try {
  await engine.execute({
    type: 'approveRemedy',
    complaintId,
    actor: { id: 'sup-wang', role: 'supervisor' },
    proposalId: 'P1',
  });
} catch (e) {
  if (isRedressError(e)) console.log(e.code, e.message);
}
const complaint = await engine.load(complaintId);
console.log(complaint.stage, complaint.department, complaint.priority, `v${complaint.version}`);
console.log(engine.allowedCommands(complaint, handler).join(', '));
console.log((await engine.verify(complaintId)).ok ? 'hash chain verified' : 'TAMPERED');
