import { describe, expect, test } from 'vitest';
import { PERSONAL_DATA_PATHS } from '../domain/personalData';
import { isRedressError } from '../errors/redressError';
import {
  DEFAULT_PRIVATE_FIELDS,
  definePrivacyPolicy,
  defaultPrivacyPolicy,
  FREE_TEXT_FIELDS,
  privateFields,
} from './privacyPolicy';
import { encryptablePaths, registeredPersonalPaths } from './schemaPaths';

const refusal = (work: () => unknown): string => {
  try {
    work();
  } catch (error) {
    expect(isRedressError(error, 'VALIDATION')).toBe(true);
    return (error as Error).message;
  }
  throw new Error('expected VALIDATION');
};

describe('the privacy policy', () => {
  test('the fields marked in the schemas are the personal-data paths the domain lists', () => {
    expect(registeredPersonalPaths()).toEqual(PERSONAL_DATA_PATHS);
  });

  test('by default: the contact fields and the free text of the case', () => {
    expect(privateFields(defaultPrivacyPolicy, 'ComplaintReceived')).toEqual([
      'complainant.name',
      'complainant.phone',
      'complainant.email',
      'complainant.address',
      'summary',
      'desiredRemedy',
    ]);
    expect(privateFields(defaultPrivacyPolicy, 'NoteAdded')).toEqual(['text']);
    expect(privateFields(defaultPrivacyPolicy, 'CustomerResponded')).toEqual(['comment']);
    expect(privateFields(defaultPrivacyPolicy, 'FollowUpRecorded')).toEqual(['comment']);
    expect(defaultPrivacyPolicy.fields).toEqual(DEFAULT_PRIVATE_FIELDS);
  });

  test('what statistics, deadlines and audits read stays clear', () => {
    const named = Object.values(DEFAULT_PRIVATE_FIELDS).flat();
    for (const clear of [
      'channel',
      'category',
      'complainant.customerId',
      'department',
      'priority',
      'assignee',
      'classification',
      'satisfaction',
      'accepted',
      'compensation.amount',
      'dueAt',
    ]) {
      expect(named).not.toContain(clear);
    }
    expect(privateFields(defaultPrivacyPolicy, 'ComplaintAccepted')).toEqual([]);
    expect(privateFields(defaultPrivacyPolicy, 'RemedyProposed')).toEqual([]);
  });

  test('only text and lists of text can be encrypted: not enums, numbers, ids or slugs', () => {
    expect(encryptablePaths('FollowUpRecorded')).toEqual(['comment']);
    expect(encryptablePaths('ComplaintReviewed')).toEqual(['summary', 'improvementActions']);
    expect(encryptablePaths('ComplaintReceived')).toEqual([
      'complainant.name',
      'complainant.phone',
      'complainant.email',
      'complainant.address',
      'summary',
      'desiredRemedy',
    ]);
    expect(encryptablePaths('ComplaintAccepted')).toEqual(['note', 'routing.rule']);
  });

  test('a policy may add fields to the defaults', () => {
    const policy = definePrivacyPolicy({ fields: { ...DEFAULT_PRIVATE_FIELDS, InvestigationCompleted: ['findings'] } });
    expect(privateFields(policy, 'InvestigationCompleted')).toEqual(['findings']);
    expect(privateFields(policy, 'NoteAdded')).toEqual(FREE_TEXT_FIELDS.NoteAdded);
  });

  test('an unknown event, an unknown path or a field that is not text is refused, saying what can be named', () => {
    expect(refusal(() => definePrivacyPolicy({ fields: { Deleted: ['x'] } }))).toContain(
      'no event type is called "Deleted"',
    );
    expect(refusal(() => definePrivacyPolicy({ fields: { NoteAdded: ['body'] } }))).toContain('it can name text');
    expect(refusal(() => definePrivacyPolicy({ fields: { FollowUpRecorded: ['satisfaction'] } }))).toContain(
      'it can name comment',
    );
    expect(refusal(() => definePrivacyPolicy({ fields: { ComplaintReceived: ['channel'] } }))).toContain(
      'complainant.name',
    );
    expect(refusal(() => definePrivacyPolicy({ fields: { ComplaintReceived: ['category'] } }))).toContain(
      'is not a text field',
    );
    expect(refusal(() => definePrivacyPolicy({ fields: { NoteAdded: 'text' as never } }))).toContain("['text']");
  });
});
