import { expect } from '@open-wc/testing';
import { FEEDBACK_STATES, type FeedbackAttachment, type FeedbackReceipt, type FeedbackStatus } from '@careline/core';
import { createMockBackend } from './backend.js';
import { demoHolidays, feedbackResolved, feedbackUnderReview } from './fixtures.js';
import { createMockFetch } from './mock-fetch.js';

const BASE = '/api/careline/v1';

/** A clock the test moves by hand. */
function manualClock(startIso: string) {
  let time = Date.parse(startIso);
  return {
    now: () => new Date(time),
    advance(ms: number) {
      time += ms;
    },
  };
}

function setup(options: Parameters<typeof createMockBackend>[0] = {}) {
  const backend = createMockBackend({ simulateEducator: false, ...options });
  const fetch = createMockFetch(backend.handlers);
  const parse = async (response: Response) => {
    const text = await response.text();
    return { response, status: response.status, body: text ? (JSON.parse(text) as any) : undefined };
  };
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    parse(
      await fetch(`${BASE}${path}`, {
        method,
        headers: { ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      }),
    );
  const upload = async (file: Blob, name: string, headers: Record<string, string> = {}) => {
    const form = new FormData();
    form.append('file', file, name);
    return parse(await fetch(`${BASE}/feedback/attachments`, { method: 'POST', body: form, headers }));
  };
  return { backend, call, upload };
}

const png = (size = 16) => new Blob([new Uint8Array(size)], { type: 'image/png' });
const minimal = { kind: 'suggestion', description: 'More benches in the waiting area.', anonymous: true };

describe('mock backend: feedback', () => {
  let ctx: ReturnType<typeof setup>;
  afterEach(() => ctx?.backend.dispose());

  describe('validation', () => {
    it('rates 1–5 on the default scale and 0–10 on the recommend scale', async () => {
      ctx = setup();
      const submit = (extra: object) => ctx.call('POST', '/feedback', { ...minimal, ...extra });
      for (const ok of [{ rating: 1 }, { rating: 5, ratingScale: 'experience-5' }, { rating: 0, ratingScale: 'recommend-0-10' }, { rating: 10, ratingScale: 'recommend-0-10' }]) {
        expect((await submit(ok)).status, JSON.stringify(ok)).to.equal(201);
      }
      const zero = await submit({ rating: 0 });
      expect(zero.status).to.equal(422);
      expect(zero.body.errors.rating).to.equal('Choose a rating from 1 to 5.');
      const eleven = await submit({ rating: 11, ratingScale: 'recommend-0-10' });
      expect(eleven.body.errors.rating).to.equal('Choose a rating from 0 to 10.');
      expect((await submit({ rating: 4.5 })).body.errors).to.have.property('rating');
      expect((await submit({ rating: 3, ratingScale: 'stars' })).body.errors).to.have.property('ratingScale');
    });

    it('needs a name, a relationship and a known consent for feedback on behalf of someone else', async () => {
      ctx = setup();
      const base = { ...minimal, anonymous: false };
      const ok = await ctx.call('POST', '/feedback', { ...base, onBehalfOf: { name: 'Budi', relationship: 'son', consent: 'deceased' } });
      expect(ok.status).to.equal(201);
      const missing = await ctx.call('POST', '/feedback', { ...base, onBehalfOf: { name: ' ', relationship: '', consent: 'maybe' } });
      expect(missing.status).to.equal(422);
      expect(Object.keys(missing.body.errors).sort()).to.deep.equal(['onBehalfOf.consent', 'onBehalfOf.name', 'onBehalfOf.relationship']);
      const long = await ctx.call('POST', '/feedback', { ...base, onBehalfOf: { name: 'x'.repeat(201), relationship: 'son', consent: 'given' } });
      expect(long.body.errors['onBehalfOf.name']).to.match(/200/);
      expect((await ctx.call('POST', '/feedback', { ...base, onBehalfOf: 'my mother' })).body.errors).to.have.property('onBehalfOf');
    });

    it('refuses personal details with anonymous feedback (400 with a message per field)', async () => {
      ctx = setup();
      const refused = await ctx.call('POST', '/feedback', {
        ...minimal,
        contact: { name: 'Siti', email: 'siti@example.org' },
        onBehalfOf: { name: 'Budi', relationship: 'son', consent: 'given' },
        receiptByEmail: true,
      });
      expect(refused.status).to.equal(400);
      expect(refused.body.detail).to.equal('Anonymous feedback cannot include personal details.');
      expect(Object.keys(refused.body.errors).sort()).to.deep.equal(['contact.email', 'contact.name', 'onBehalfOf.name', 'receiptByEmail']);
      // Anonymous feedback about someone else's care leaves their name out, and may say who the writer is to them.
      const unnamed = await ctx.call('POST', '/feedback', { ...minimal, onBehalfOf: { relationship: 'daughter', consent: 'lacks-capacity' }, contact: { preference: 'none' } });
      expect(unnamed.status).to.equal(201);
    });

    it('needs the e-mail address or phone number the writer chose, and an e-mail address for an e-mailed receipt', async () => {
      ctx = setup();
      const base = { ...minimal, anonymous: false };
      const email = await ctx.call('POST', '/feedback', { ...base, contact: { preference: 'email', phone: '0812 555 0100' } });
      expect(email.body.errors).to.deep.equal({ 'contact.email': 'Enter the e-mail address we should write to.' });
      const phone = await ctx.call('POST', '/feedback', { ...base, contact: { preference: 'phone', email: 'a@example.org' } });
      expect(phone.body.errors).to.deep.equal({ 'contact.phone': 'Enter the phone number we should call.' });
      const receipt = await ctx.call('POST', '/feedback', { ...base, receiptByEmail: true });
      expect(receipt.body.errors).to.have.keys(['contact.email']);
      const bad = await ctx.call('POST', '/feedback', { ...base, contact: { preference: 'fax', phone: 'call me' } });
      expect(bad.body.errors).to.have.keys(['contact.preference', 'contact.phone']);
      const emailed = await ctx.call('POST', '/feedback', { ...base, receiptByEmail: true, contact: { email: 'siti@example.org', preference: 'email' } });
      expect(emailed.status).to.equal(201);
      expect((emailed.body as FeedbackReceipt).receiptEmailed).to.equal(true);
      const notEmailed = await ctx.call('POST', '/feedback', { ...base, contact: { email: 'siti@example.org' } });
      expect((notEmailed.body as FeedbackReceipt).receiptEmailed).to.equal(false);
    });

    it('checks answers, the QuestionnaireResponse, the locale, the outcome and the lengths', async () => {
      ctx = setup();
      const ok = await ctx.call('POST', '/feedback', {
        ...minimal,
        answers: { clean: true, 'wait-minutes': 40, comment: 'Fine' },
        questionnaireResponse: { resourceType: 'QuestionnaireResponse', status: 'completed', item: [] },
        locale: 'ms-MY',
        outcome: 'Nothing, just telling you.',
      });
      expect(ok.status).to.equal(201);
      const bad = await ctx.call('POST', '/feedback', {
        ...minimal,
        description: 'x'.repeat(5001),
        outcome: 'x'.repeat(5001),
        answers: { nested: { no: true }, list: [1] },
        questionnaireResponse: { resourceType: 'Observation', status: 'final' },
        locale: 'not a language',
        contact: { preference: 'none' },
      });
      expect(bad.status).to.equal(422);
      expect(Object.keys(bad.body.errors).sort()).to.deep.equal(['answers.list', 'answers.nested', 'description', 'locale', 'outcome', 'questionnaireResponse']);
      expect((await ctx.call('POST', '/feedback', { ...minimal, answers: ['a'] })).body.errors).to.have.property('answers');
      expect((await ctx.call('POST', '/feedback', { ...minimal, questionnaireResponse: { resourceType: 'QuestionnaireResponse' } })).body.errors.questionnaireResponse).to.match(/status/);
      const longName = await ctx.call('POST', '/feedback', { ...minimal, anonymous: false, contact: { name: 'x'.repeat(201) } });
      expect(longName.body.errors['contact.name']).to.match(/200/);
    });

    it('treats a form sent in under 2 seconds as spam: 400 with a message for "fillSeconds"', async () => {
      ctx = setup();
      const quick = await ctx.call('POST', '/feedback', { ...minimal, fillSeconds: 1.5 });
      expect(quick.status).to.equal(400);
      expect(quick.body.errors.fillSeconds).to.be.a('string').and.not.equal('');
      expect(ctx.backend.store.feedbackRecords.size, 'nothing stored').to.equal(2);
      expect((await ctx.call('POST', '/feedback', { ...minimal, fillSeconds: 2 })).status).to.equal(201);
      expect((await ctx.call('POST', '/feedback', { ...minimal, fillSeconds: 'slow' })).status).to.equal(422);
    });
  });

  describe('attachments', () => {
    it('stores a photo or PDF (201) for one later submit, with the chat attachments\' type and size checks', async () => {
      ctx = setup({ maxAttachmentBytes: 512 * 1024 });
      const uploaded = await ctx.upload(png(), 'ward.png');
      expect(uploaded.status).to.equal(201);
      const attachment = uploaded.body as FeedbackAttachment;
      expect(attachment).to.include({ name: 'ward.png', type: 'image/png', size: 16 });
      const sent = await ctx.call('POST', '/feedback', { ...minimal, attachmentIds: [attachment.id] });
      expect(sent.status).to.equal(201);
      expect(ctx.backend.store.feedbackAttachments.get(attachment.id)?.usedBy).to.equal(sent.body.reference);
      const reused = await ctx.call('POST', '/feedback', { ...minimal, attachmentIds: [attachment.id] });
      expect(reused.body.errors.attachmentIds).to.match(/already sent/);
      const unknown = await ctx.call('POST', '/feedback', { ...minimal, attachmentIds: ['att-nope'] });
      expect(unknown.body.errors.attachmentIds).to.match(/not uploaded/);
      expect((await ctx.call('POST', '/feedback', { ...minimal, attachmentIds: 'att-1' })).body.errors).to.have.property('attachmentIds');

      const text = await ctx.upload(new Blob(['hello'], { type: 'text/plain' }), 'notes.txt');
      expect(text.status).to.equal(422);
      expect(text.body.errors.file).to.match(/photo/);
      const large = await ctx.upload(png(512 * 1024 + 1), 'large.png');
      expect(large.body.errors.file).to.match(/up to 0.5 MB/);
      // Guests may send feedback, so they may upload for it.
      ctx.backend.setSession('guest');
      expect((await ctx.upload(png(), 'guest.png')).status).to.equal(201);
    });
  });

  describe('receipt and idempotency', () => {
    it('gives reference, acknowledgeBy, receivedAt and receiptEmailed, once per Idempotency-Key', async () => {
      const clock = manualClock('2026-12-14T02:00:00.000Z'); // Monday morning in Jakarta
      ctx = setup({ now: clock.now, timeZone: 'Asia/Jakarta', holidays: [] });
      const body = { ...minimal, anonymous: false, contact: { email: 'siti@example.org' }, receiptByEmail: true };
      const first = await ctx.call('POST', '/feedback', body, { 'Idempotency-Key': 'fb-1' });
      expect(first.status).to.equal(201);
      expect(first.body).to.deep.include({ acknowledgeBy: '2026-12-17', receivedAt: '2026-12-14T02:00:00.000Z', receiptEmailed: true });
      expect(first.body.reference).to.match(/^FB-2026-[0-9A-Z]{4}-0003$/);
      clock.advance(60_000);
      const replay = await ctx.call('POST', '/feedback', body, { 'Idempotency-Key': 'fb-1' });
      expect(replay.body).to.deep.equal(first.body);
      expect(replay.response.headers.get('Idempotent-Replayed')).to.equal('true');
      expect(ctx.backend.writes.processedByKey.get('fb-1')).to.equal(1);
      expect(ctx.backend.store.feedback.size).to.equal(3);
      const other = await ctx.call('POST', '/feedback', { ...body, description: 'Something else' }, { 'Idempotency-Key': 'fb-1' });
      expect(other.status).to.equal(422);
      expect(other.body.errors).to.have.property('idempotencyKey');
    });

    it('counts working days in the hospital\'s time zone, skipping weekends and holidays across a year end', async () => {
      // Thursday 31 December 2026, 20:00 in Jakarta (13:00 UTC). New Year's Day is a holiday; then a weekend.
      const clock = manualClock('2026-12-31T13:00:00.000Z');
      ctx = setup({ now: clock.now, timeZone: 'Asia/Jakarta', holidays: demoHolidays(2027) });
      expect((await ctx.call('POST', '/feedback', minimal)).body.acknowledgeBy).to.equal('2027-01-06');
      ctx.backend.dispose();

      // Without the holiday: Friday 1, Monday 4, Tuesday 5; five working days reach Thursday 7.
      ctx = setup({ now: clock.now, timeZone: 'Asia/Jakarta', holidays: [] });
      expect((await ctx.call('POST', '/feedback', minimal)).body.acknowledgeBy).to.equal('2027-01-05');
      ctx.backend.dispose();
      ctx = setup({ now: clock.now, timeZone: 'Asia/Jakarta', holidays: [], acknowledgeWorkingDays: 5 });
      expect((await ctx.call('POST', '/feedback', minimal)).body.acknowledgeBy).to.equal('2027-01-07');
      ctx.backend.dispose();

      // 18:00 UTC on Tuesday 29 December is already Wednesday 30 in Jakarta: the day of arrival is the 30th there.
      const late = manualClock('2026-12-29T18:00:00.000Z');
      ctx = setup({ now: late.now, timeZone: 'Asia/Jakarta', holidays: demoHolidays(2027) });
      expect((await ctx.call('POST', '/feedback', minimal)).body.acknowledgeBy).to.equal('2027-01-05');
      ctx.backend.dispose();
      ctx = setup({ now: late.now, timeZone: 'UTC', holidays: demoHolidays(2027) });
      expect((await ctx.call('POST', '/feedback', minimal)).body.acknowledgeBy).to.equal('2027-01-04');
      ctx.backend.dispose();

      // Christmas: Thursday 24 December, 3 working days → Monday 28, Tuesday 29, Wednesday 30.
      const christmas = manualClock('2026-12-24T03:00:00.000Z');
      ctx = setup({ now: christmas.now, timeZone: 'Asia/Jakarta' });
      expect((await ctx.call('POST', '/feedback', minimal)).body.acknowledgeBy).to.equal('2026-12-30');
    });
  });

  describe('rate limit', () => {
    it('answers 429 with Retry-After over feedbackRateLimit, and accepts again after the window', async () => {
      const clock = manualClock('2026-06-10T03:00:00.000Z');
      ctx = setup({ now: clock.now, feedbackRateLimit: { max: 2, perMs: 60_000 } });
      expect((await ctx.call('POST', '/feedback', minimal)).status).to.equal(201);
      clock.advance(10_000);
      expect((await ctx.call('POST', '/feedback', minimal)).status).to.equal(201);
      clock.advance(5_000);
      const limited = await ctx.call('POST', '/feedback', minimal, { 'Idempotency-Key': 'fb-limited' });
      expect(limited.status).to.equal(429);
      expect(limited.response.headers.get('Retry-After')).to.equal('45');
      expect(limited.body.detail).to.match(/wait 45 seconds/);
      clock.advance(45_000);
      // The refused key was not remembered: the same request goes through now.
      expect((await ctx.call('POST', '/feedback', minimal, { 'Idempotency-Key': 'fb-limited' })).status).to.equal(201);
    });

    it('is off by default', async () => {
      ctx = setup();
      for (let i = 0; i < 20; i++) expect((await ctx.call('POST', '/feedback', minimal)).status).to.equal(201);
    });
  });

  describe('status', () => {
    it('seeds FB-DEMO-0001 under review and FB-DEMO-0002 through all five states, with notes', async () => {
      ctx = setup();
      expect((await ctx.call('GET', '/feedback/FB-DEMO-0001')).body).to.deep.equal(feedbackUnderReview);
      const resolved = (await ctx.call('GET', '/feedback/  fb-demo-0002 ')).body as FeedbackStatus;
      expect(resolved).to.deep.equal(feedbackResolved);
      expect(resolved.history.map((entry) => entry.state)).to.deep.equal([...FEEDBACK_STATES]);
      expect(resolved.history.filter((entry) => entry.note).map((entry) => entry.state)).to.deep.equal(['acknowledged', 'responded', 'resolved']);
      const times = resolved.history.map((entry) => entry.at);
      expect(times).to.deep.equal([...times].sort());
    });

    it('moves submitted feedback on one state per feedbackProgressMs of mock time, lazily, with notes', async () => {
      const clock = manualClock('2026-03-02T02:00:00.000Z');
      ctx = setup({ now: clock.now, feedbackProgressMs: 60_000 });
      const { reference } = (await ctx.call('POST', '/feedback', minimal)).body as FeedbackReceipt;
      const read = async () => (await ctx.call('GET', `/feedback/${reference}`)).body as FeedbackStatus;
      expect((await read()).state).to.equal('received');
      clock.advance(59_999);
      expect((await read()).state).to.equal('received');
      clock.advance(1);
      const acknowledged = await read();
      expect(acknowledged.state).to.equal('acknowledged');
      expect(acknowledged.history[1]).to.deep.include({ state: 'acknowledged', at: '2026-03-02T02:01:00.000Z' });
      expect(acknowledged.history[1]!.note).to.be.a('string').and.not.equal('');
      // Read long after: every step is there, each at its own time, not repeated.
      clock.advance(10 * 60_000);
      const resolved = await read();
      expect(resolved.state).to.equal('resolved');
      expect(resolved.history.map((entry) => entry.state)).to.deep.equal([...FEEDBACK_STATES]);
      expect(resolved.history.map((entry) => entry.at)).to.deep.equal([0, 1, 2, 3, 4].map((step) => new Date(Date.parse('2026-03-02T02:00:00.000Z') + step * 60_000).toISOString()));
      expect(resolved.history.filter((entry) => entry.note).map((entry) => entry.state)).to.deep.equal(['acknowledged', 'responded']);
      expect(await read()).to.deep.equal(resolved);
      // Seeded feedback keeps its fixture timeline.
      expect((await ctx.call('GET', '/feedback/FB-DEMO-0001')).body.state).to.equal('under-review');
    });

    it('stays where it is by default', async () => {
      const clock = manualClock('2026-03-02T02:00:00.000Z');
      ctx = setup({ now: clock.now });
      const { reference } = (await ctx.call('POST', '/feedback', minimal)).body as FeedbackReceipt;
      clock.advance(365 * 86_400_000);
      expect((await ctx.call('GET', `/feedback/${reference}`)).body.history).to.have.length(1);
    });
  });

  describe('GET /feedback/mine', () => {
    it("lists the signed-in patient's named feedback newest first, not anonymous feedback or other patients'", async () => {
      const clock = manualClock('2026-12-01T02:00:00.000Z');
      ctx = setup({ now: clock.now });
      const named = (await ctx.call('POST', '/feedback', { ...minimal, anonymous: false })).body as FeedbackReceipt;
      clock.advance(1000);
      const anonymous = (await ctx.call('POST', '/feedback', minimal)).body as FeedbackReceipt;
      clock.advance(1000);
      const later = (await ctx.call('POST', '/feedback', { ...minimal, kind: 'compliment', anonymous: false })).body as FeedbackReceipt;
      ctx.backend.setSession({ status: 'signed-in', patient: { id: 'p-1002', displayName: 'Agus Wibowo' }, expiresAt: '2099-01-01T00:00:00.000Z' });
      clock.advance(1000);
      const agus = (await ctx.call('POST', '/feedback', { ...minimal, anonymous: false })).body as FeedbackReceipt;
      expect(((await ctx.call('GET', '/feedback/mine')).body as FeedbackStatus[]).map((s) => s.reference)).to.deep.equal([agus.reference]);

      ctx.backend.setSession('patient');
      const mine = await ctx.call('GET', '/feedback/mine');
      expect(mine.status).to.equal(200);
      const references = (mine.body as FeedbackStatus[]).map((s) => s.reference);
      expect(references).to.deep.equal([later.reference, named.reference, 'FB-DEMO-0001', 'FB-DEMO-0002']);
      expect(references).not.to.include(anonymous.reference);
    });

    it('is 401 for guests', async () => {
      ctx = setup({ seed: 'guest' });
      const guest = await ctx.call('GET', '/feedback/mine');
      expect(guest.status).to.equal(401);
      expect(guest.response.headers.get('Content-Type')).to.equal('application/problem+json');
    });
  });
});
