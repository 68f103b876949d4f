import { expect, test } from 'vitest';
import { classifySmtpError } from './classifySmtpError';

test('5xx replies to the message are permanent; 4xx and connection or login problems are transient', () => {
  expect(classifySmtpError({ code: 'EENVELOPE', responseCode: 550, response: '550 5.1.1 No such user' })).toMatchObject(
    { kind: 'permanent', error: 'EENVELOPE: 550 5.1.1 No such user' },
  );
  expect(classifySmtpError({ code: 'EMESSAGE', responseCode: 552, response: '552 Message too big' })).toMatchObject({
    kind: 'permanent',
  });
  expect(classifySmtpError({ code: 'EENVELOPE', responseCode: 451, response: '451 Try again later' })).toMatchObject({
    kind: 'transient',
  });
  expect(classifySmtpError({ code: 'EAUTH', responseCode: 535, response: '535 Bad credentials' })).toMatchObject({
    kind: 'transient',
  });
  expect(classifySmtpError({ code: 'ECONNECTION', message: 'connect ECONNREFUSED 127.0.0.1:2525' })).toMatchObject({
    kind: 'transient',
  });
  expect(classifySmtpError('weird')).toMatchObject({ kind: 'transient', error: 'weird' });
});
