/** A complaint taken in from the web form and accepted, over the API, the way a front end would. */
export const receiveAndAccept = async (base: string, agentToken: string, handlerToken: string) => {
  const received = await fetch(`${base}/api/complaints`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${agentToken}`,
      'content-type': 'application/json',
      'idempotency-key': 'web-form-7f3a', // a retry of the same submission meets the first
    },
    body: JSON.stringify({
      channel: 'web',
      category: 'quality',
      complainant: { name: '王芳', email: 'wang.fang@example.com' },
      summary: 'Kettle leaks after two days',
    }),
  });
  const { complaintId } = (await received.json()) as { complaintId: string };

  // Read it, then decide on the version read: If-Match makes the command conditional.
  const read = await fetch(`${base}/api/complaints/${complaintId}`, {
    headers: { authorization: `Bearer ${handlerToken}` },
  });
  const accepted = await fetch(`${base}/api/complaints/${complaintId}/commands/accept`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${handlerToken}`,
      'content-type': 'application/json',
      'if-match': read.headers.get('etag') ?? '*', // 412 if someone else changed it since
    },
    body: JSON.stringify({ department: 'quality-control', priority: 'high' }),
  });
  if (!accepted.ok) {
    const problem = (await accepted.json()) as { status: number; code: string; detail: string };
    throw new Error(`${problem.status} ${problem.code}: ${problem.detail}`); // RFC 9457 problem details
  }
  return { complaintId, ...((await accepted.json()) as { stage: string; version: number }) };
};
