// The opening example of docs/deadlines.md, then what the page says of it shown on one
// complaint; run by deadlines.test.ts.
import { businessCalendar, createEngine, deadlinePolicy, scheduleTicks, secretKek } from '@redress/core';
import { keyFileBeside, sqliteKeyStore, sqliteStore } from '@redress/store-sqlite';

const calendar = businessCalendar({
  timeZone: 'Asia/Shanghai', // offsets from Intl: DST is honoured where it exists
  workingDays: [1, 2, 3, 4, 5], // 0 Sunday … 6 Saturday
  hours: [
    ['09:00', '12:00'],
    ['13:00', '18:00'],
  ], // wall-clock working hours
  holidays: [
    // National Day and Mid-Autumn Festival, 2025
    '2025-10-01',
    '2025-10-02',
    '2025-10-03',
    '2025-10-04',
    '2025-10-05',
    '2025-10-06',
    '2025-10-07',
    '2025-10-08',
  ],
  extraWorkingDays: ['2025-09-28', '2025-10-11'], // make-up workdays (调休)
});

const store = sqliteStore({ path: 'complaints.db' });
const keys = sqliteKeyStore({ path: keyFileBeside('complaints.db') });
const engine = createEngine({
  store,
  privacy: { keys: { store: keys, kek: secretKek(process.env.REDRESS_KEK) } }, // see privacy.md
  deadlines: deadlinePolicy({
    calendar,
    warnShare: 0.8, // warn when 80% of the time is used up (the default)
    rules: (f) => ({
      // f: category, channel, priority, department
      acknowledge: { within: { workingHours: 2 } },
      decide: { within: { businessDays: f.channel === 'regulator' ? 3 : 7 }, escalate: true },
      resolve: { within: { calendarDays: 30 }, extensions: [{ calendarDays: 60 }] },
      followUp: { within: { calendarDays: 7 } }, // starts at the review
    }),
  }),
});

const ticks = scheduleTicks(engine, { everyMs: 60_000, onError: console.error });
ticks.start(); // on shutdown: await ticks.stop()

// A complaint by phone: the clocks it starts, in the order they are recorded.
const named = (e: { readonly type: string; readonly data: object }) =>
  'deadline' in e.data ? `${e.type}(${String(e.data.deadline)})` : e.type;
const { complaintId, events } = await engine.execute({
  type: 'receive',
  actor: { id: 'agent-7', role: 'agent' },
  channel: 'phone',
  category: 'quality',
  complainant: { name: '王芳' },
  summary: 'Kettle leaks after two days',
});
console.log(events.map(named).join(' → '));

// A tick that runs long after the decision was due records what came due, once.
await ticks.stop();
const decide = (await engine.load(complaintId)).deadlines?.decide;
const late = new Date(Date.parse(decide?.dueAt ?? '') + 86_400_000);
console.log((await engine.tick(late)).events.map(named).join(' → '));
console.log((await engine.tick(late)).events.length);

// The holidays and make-up workdays at work: 2 working hours, and the 3rd business day,
// after 17:00 on 30 September 2025 in Shanghai.
const sept30 = Date.parse('2025-09-30T17:00:00+08:00');
console.log(new Date(calendar.addWorkingTime(sept30, 2 * 3_600_000)).toISOString());
console.log(new Date(calendar.closeOfBusinessDay(sept30, 3)).toISOString());

await store.close();
