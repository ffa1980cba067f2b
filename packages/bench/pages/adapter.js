/**
 * An in-memory CareAdapter for the bench pages: answers every port from generated,
 * clearly fictional data, with no network and no timers, so what is timed is the
 * widget itself. Sizes come from the page's query string (?messages=10000 …).
 */

const DAY = 86_400_000;
const BASE = Date.UTC(2026, 0, 1);

const iso = (ms) => new Date(ms).toISOString();
const resolved = (value) => Promise.resolve(value);

/** Conversation of `count` messages, oldest first, alternating patient and educator. */
export function makeMessages(count, conversationId = 'c-bench') {
  const messages = new Array(count);
  for (let i = 0; i < count; i++) {
    const mine = i % 2 === 0;
    messages[i] = {
      id: `m-${i}`,
      conversationId,
      author: mine ? { kind: 'patient', name: 'Pat Example' } : { kind: 'educator', name: 'Nurse Ana', role: 'Diabetes educator' },
      text: `Message ${i}: ${mine ? 'How should I take my metformin with meals?' : 'Take it with your evening meal and keep a note of your readings.'}`,
      sentAt: iso(BASE + i * 60_000),
      status: 'read',
    };
  }
  return messages;
}

const LABS = [
  { code: '4548-4', display: 'Hemoglobin A1c', unit: '%', base: 7, spread: 1.5, low: 4, high: 5.6 },
  { code: '2345-7', display: 'Glucose', unit: 'mg/dL', base: 110, spread: 30, low: 70, high: 99 },
  { code: '13457-7', display: 'LDL cholesterol', unit: 'mg/dL', base: 120, spread: 30, low: 0, high: 130 },
  { code: '2160-0', display: 'Creatinine', unit: 'mg/dL', base: 1, spread: 0.3, low: 0.6, high: 1.2 },
  { code: '2823-3', display: 'Potassium', unit: 'mmol/L', base: 4.2, spread: 0.6, low: 3.5, high: 5.1 },
];

/** `count` lab Observations spread evenly over five tests, newest first. */
export function makeObservations(count) {
  const out = new Array(count);
  for (let i = 0; i < count; i++) {
    const lab = LABS[i % LABS.length];
    const value = Math.round((lab.base + Math.sin(i / 7) * lab.spread) * 100) / 100;
    out[i] = {
      resourceType: 'Observation',
      id: `obs-${i}`,
      status: 'final',
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory', display: 'Laboratory' }] }],
      code: { coding: [{ system: 'http://loinc.org', code: lab.code, display: lab.display }], text: lab.display },
      subject: { reference: 'Patient/bench', display: 'Pat Example' },
      effectiveDateTime: iso(BASE - i * DAY / 5),
      valueQuantity: { value, unit: lab.unit, system: 'http://unitsofmeasure.org', code: lab.unit },
      referenceRange: [{ low: { value: lab.low, unit: lab.unit }, high: { value: lab.high, unit: lab.unit } }],
    };
  }
  return out;
}

export function makePosts(count, groupId = 'g-diabetes') {
  const posts = new Array(count);
  for (let i = 0; i < count; i++) {
    posts[i] = {
      id: `p-${i}`,
      groupId,
      title: `Post ${i}: tips for the first weeks after diagnosis`,
      author: { name: i % 5 === 0 ? 'Nurse Ana' : `Member ${i % 97}`, ...(i % 5 === 0 ? { badge: 'educator' } : {}) },
      body: `Post ${i}. What helped me most was writing down my readings before breakfast and asking my educator about them.`,
      createdAt: iso(BASE - i * 3_600_000),
      state: 'published',
      reactions: { helpful: i % 13, support: i % 7 },
      myReactions: [],
      mine: false,
      replyCount: i % 4,
    };
  }
  return posts;
}

function page(items, query, max = Infinity) {
  const start = query.cursor ? Number(query.cursor) : 0;
  const limit = Math.min(query.limit ?? 20, max);
  const slice = items.slice(start, start + limit);
  const next = start + limit < items.length ? String(start + limit) : undefined;
  return { items: slice, nextCursor: next };
}

/**
 * @param {{ messages?: number, observations?: number, posts?: number, wholeHistory?: boolean, latency?: number }} sizes
 * `wholeHistory`: the chat's listMessages returns every message in one page (a backend
 * that ignores `limit`), the worst case for the widget.
 */
export function createBenchAdapter(sizes = {}) {
  // `latency` (ms): every answer comes that much later, as from a server (`?latency=80` on a page).
  const latency = sizes.latency ?? 0;
  const resolved = (value) => (latency > 0 ? new Promise((resolve) => setTimeout(() => resolve(value), latency)) : Promise.resolve(value));
  const messages = makeMessages(sizes.messages ?? 20);
  const records = makeObservations(sizes.observations ?? 20).map((resource) => ({
    id: `Observation/${resource.id}`,
    section: 'labs',
    resource,
    provenance: { organisation: 'St Elsewhere Hospital Laboratory', enteredBy: 'clinician' },
  }));
  const posts = makePosts(sizes.posts ?? 20);
  const chatHandlers = new Set();
  const patient = { resourceType: 'Patient', id: 'bench', name: [{ given: ['Pat'], family: 'Example' }], birthDate: '1970-01-01' };
  const group = { id: 'g-diabetes', name: 'Living with diabetes', description: 'Share what works.', rules: 'Be kind.', allowsAnonymous: true, joined: true, pseudonym: 'Pat', memberCount: 1200 };
  const unsubscribe = () => undefined;
  const open = (options) => queueMicrotask(() => options?.onConnectionChange?.('open'));

  const adapter = {
    name: 'bench',
    session: {
      getSession: () => resolved({ status: 'signed-in', patient: { id: 'p-bench', displayName: 'Pat' } }),
      subscribe: () => unsubscribe,
      signOut: () => resolved(undefined),
    },
    chat: {
      getAvailability: () => resolved({ online: true, timeZone: 'UTC', officeHours: [], expectedReplyMinutes: 5, topics: [{ id: 'general', label: 'General question' }] }),
      startConversation: () => resolved({ id: 'c-bench', startedAt: iso(BASE) }),
      getConversation: (id) => resolved({ id, startedAt: iso(BASE), state: 'open' }),
      listMessages: (_id, query) => {
        if (sizes.wholeHistory) return resolved({ items: messages.slice(), nextCursor: undefined });
        const limit = query.limit ?? 30;
        const end = query.before ? messages.findIndex((m) => m.id === query.before) : messages.length;
        const start = Math.max(0, end - limit);
        return resolved({ items: messages.slice(start, end), nextCursor: start > 0 ? messages[start].id : undefined });
      },
      sendMessage: (input) => resolved({ id: `m-sent-${Date.now()}`, conversationId: input.conversationId, author: { kind: 'patient' }, text: input.text, sentAt: new Date().toISOString() }),
      uploadAttachment: (input) => resolved({ id: 'a-1', name: input.name, type: 'image/png', size: 1 }),
      markRead: () => resolved(undefined),
      endConversation: (input) => resolved({ id: input.conversationId, startedAt: iso(BASE), state: 'ended' }),
      subscribe: (_id, handler, options) => {
        chatHandlers.add(handler);
        open(options);
        return () => chatHandlers.delete(handler);
      },
    },
    records: {
      getPatient: () => resolved(patient),
      listSection: (section, query) => {
        if (section !== 'labs') return resolved({ items: [], total: 0 });
        const matching = query.code ? records.filter((item) => query.code === `http://loinc.org|${item.resource.code.coding[0].code}`) : records;
        return resolved({ ...page(matching, query, 100), total: matching.length });
      },
      addEntry: () => Promise.reject(new Error('not in the bench')),
      requestCorrection: () => resolved({ reference: 'C-1' }),
    },
    community: {
      listGroups: () => resolved([group]),
      joinGroup: () => resolved(group),
      leaveGroup: () => resolved({ ...group, joined: false }),
      listPosts: (_groupId, query) => resolved(query.parentId ? { items: [] } : page(posts, query)),
      createPost: () => Promise.reject(new Error('not in the bench')),
      editPost: () => Promise.reject(new Error('not in the bench')),
      deletePost: (input) => resolved({ id: input.postId }),
      react: (input) => resolved(posts.find((p) => p.id === input.postId)),
      report: () => resolved({ reference: 'R-1' }),
      subscribe: (_groupId, _handler, options) => {
        open(options);
        return unsubscribe;
      },
    },
    feedback: {
      listDepartments: () =>
        resolved([
          { id: 'cardiology', name: 'Cardiology' },
          { id: 'diabetes', name: 'Diabetes clinic' },
          { id: 'emergency', name: 'Emergency department' },
          { id: 'maternity', name: 'Maternity' },
        ]),
      submit: () => resolved({ reference: 'FB-1', receivedAt: new Date().toISOString() }),
      getStatus: (reference) => resolved({ reference, kind: 'compliment', state: 'received', history: [{ state: 'received', at: iso(BASE) }] }),
    },
  };
  /** Delivers a new educator message over "realtime", as a backend would. */
  const push = (text) => {
    const message = { id: `m-live-${Date.now()}-${Math.random()}`, conversationId: 'c-bench', author: { kind: 'educator', name: 'Nurse Ana' }, text, sentAt: new Date(BASE + 1e12).toISOString(), status: 'delivered' };
    for (const handler of chatHandlers) handler({ type: 'message', message });
  };
  return { adapter, push };
}
