import { expect } from '@open-wc/testing';
import type { ChatMessage, OutboxEntry } from '@careline/core';
import { ConversationModel, TimelineWindow } from './conversation-model.js';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 23, 9, minute)).toISOString();
const msg = (id: string, minute: number, kind: 'patient' | 'educator' = 'patient', clientId?: string): ChatMessage => ({
  id,
  clientId,
  conversationId: 'c1',
  author: { kind, name: kind === 'educator' ? 'Nurse Ana' : undefined },
  text: id,
  sentAt: at(minute),
});
const pending = (id: string, text: string, state: OutboxEntry['state'] = 'queued'): OutboxEntry => ({
  id,
  op: 'chat.sendMessage',
  input: { conversationId: 'c1', text },
  scope: 'chat:default',
  createdAt: Date.UTC(2026, 10, 23, 10, 0),
  seq: 0,
  attempts: 0,
  state,
  nextAttemptAt: 0,
});

describe('ConversationModel', () => {
  it('knows only the statuses it has words for, not names an object happens to have', () => {
    const model = new ConversationModel();
    for (const [index, status] of ['toString', 'constructor', '__proto__', 'read'].entries()) model.upsert({ ...msg(`s${index}`, index), status: status as ChatMessage['status'] });
    const statuses = model.items([]).map((item) => (item.kind === 'message' ? item.status : item.kind));
    expect(statuses).to.deep.equal(['sent', 'sent', 'sent', 'read']);
  });

  it('shows a message once whether it arrives by history, realtime or as the outbox result', () => {
    const model = new ConversationModel();
    model.addPage([msg('m1', 1), msg('m2', 2, 'educator')], undefined);
    model.apply({ type: 'message', message: msg('m2', 2, 'educator') });
    model.apply({ type: 'message', message: msg('m3', 3, 'patient', 'k3') });
    model.upsert(msg('m3', 3, 'patient', 'k3'));
    // The outbox still lists k3 (its "sent" news not yet processed): not shown twice.
    const items = model.items([pending('k3', 'm3'), pending('k4', 'still sending')]);
    expect(items.map((item) => (item.kind === 'message' ? item.message.id : item.kind === 'pending' ? `pending:${item.text}` : item.kind))).to.deep.equal([
      'm1',
      'm2',
      'm3',
      'pending:still sending',
    ]);
  });

  it('shows every message a backend sent without a usable id, and a repeat of one once', () => {
    const model = new ConversationModel();
    const idless = (id: unknown, minute: number, text: string): ChatMessage => ({ ...msg('', minute, 'educator'), id: id as string, text });
    model.addPage([idless(undefined, 1, 'first'), idless(undefined, 2, 'second'), idless(undefined, 3, 'third'), idless(null, 4, 'null id'), idless(42, 5, 'number id'), idless('', 6, 'empty id')], undefined);
    // History and live events overlap: the same message again (its status moved on) is no new message.
    expect(model.apply({ type: 'message', message: { ...idless(undefined, 3, 'third'), status: 'read' } }), 'a repeat is not new').to.equal(false);
    expect(model.apply({ type: 'message', message: idless(undefined, 7, 'fourth') })).to.equal(true);
    const keys = model.items([]).map((item) => item.key);
    // A real id spelled like another message's key is a message of its own.
    for (const [index, key] of keys.slice(0, 2).entries()) model.upsert({ ...msg(key, 8 + index), text: `id ${index}` });
    const items = model.items([]);
    expect(items.map((item) => item.kind === 'message' && item.message.text)).to.deep.equal(['first', 'second', 'third', 'null id', 'number id', 'empty id', 'fourth', 'id 0', 'id 1']);
    expect(new Set(items.map((item) => item.key)).size, 'keys are unique').to.equal(items.length);
  });

  it('orders by server time whatever order pages and events arrive in', () => {
    const model = new ConversationModel();
    model.apply({ type: 'message', message: msg('late', 9) });
    model.addPage([msg('early', 1), msg('middle', 5)], 'cursor-1');
    expect(model.items([]).map((item) => item.key)).to.deep.equal(['m:early', 'm:middle', 'm:late']);
    expect(model.earlierCursor).to.equal('cursor-1');
    expect(model.historyComplete).to.equal(false);
  });

  it('keeps the strongest read status, counts new educator messages and stops the typing indicator when they write', () => {
    const model = new ConversationModel();
    model.upsert(msg('m1', 1));
    model.apply({ type: 'message-status', messageId: 'm1', status: 'read' });
    model.apply({ type: 'message-status', messageId: 'm1', status: 'delivered' });
    expect(model.items([])[0]).to.include({ status: 'read' });
    model.apply({ type: 'typing', active: true, educator: { kind: 'educator', name: 'Nurse Ana' } });
    expect(model.typing?.name).to.equal('Nurse Ana');
    expect(model.apply({ type: 'message', message: msg('m2', 2, 'educator') })).to.equal(true);
    expect(model.apply({ type: 'message', message: msg('m2', 2, 'educator') }), 'a repeat is not new').to.equal(false);
    expect(model.typing).to.equal(undefined);
  });

  it('reads items again after every kind of change, however often it is asked', () => {
    const model = new ConversationModel();
    model.addPage([msg('m2', 2)], 'c');
    const first = model.items([]);
    first.pop(); // A caller changing its copy changes nothing for the next.
    expect(model.items([]).map((item) => item.key)).to.deep.equal(['m:m2']);
    model.addPage([msg('m1', 1)], undefined);
    model.apply({ type: 'message-status', messageId: 'm2', status: 'read' });
    model.apply({ type: 'conversation', event: 'joined', at: at(3) });
    expect(model.items([]).map((item) => item.key)).to.deep.equal(['m:m1', 'm:m2', `system:joined:${at(3)}`]);
    expect(model.items([])[1]).to.include({ status: 'read' });
    expect(model.hasSystemEvent({ event: 'joined', at: at(3) })).to.equal(true);
  });

  it('records system events once, and the end of the conversation', () => {
    const model = new ConversationModel();
    const joined = { type: 'conversation', event: 'joined', educator: { kind: 'educator', name: 'Nurse Ana' }, at: at(1) } as const;
    model.apply(joined);
    model.apply(joined);
    model.apply({ type: 'conversation', event: 'ended', at: at(2) });
    expect(model.items([]).map((item) => item.kind === 'system' && item.event)).to.deep.equal(['joined', 'ended']);
    expect(model.ended).to.equal(true);
  });
});

describe('TimelineWindow', () => {
  const items = Array.from({ length: 500 }, (_, i) => i);

  it('renders at most its size, following the newest items', () => {
    const view = new TimelineWindow(60, 30).slice(items);
    expect(view.items).to.have.length(60);
    expect(view.items[59]).to.equal(499);
    expect(view.hasEarlier).to.equal(true);
    expect(view.hasNewer).to.equal(false);
  });

  it('moves back and forward through history without ever growing', () => {
    const window = new TimelineWindow(60, 30);
    while (window.showEarlier(items.length));
    const oldest = window.slice(items);
    expect(oldest.items[0]).to.equal(0);
    expect(oldest.items).to.have.length(60);
    for (let i = 0; i < 30; i++) window.showNewer(items.length);
    expect(window.followingNewest).to.equal(true);
    expect(window.slice(items).items.at(-1)).to.equal(499);
  });

  it('by default renders a few screens of messages, moved a few at a time', () => {
    const window = new TimelineWindow();
    expect(window.slice(items).items).to.have.length(20);
    window.showEarlier(items.length);
    expect(window.slice(items).items.at(-1)).to.equal(493);
  });

  it('keeps showing the same items when older ones are prepended, then moves back', () => {
    const window = new TimelineWindow(60, 30);
    const before = window.slice(items).items[0];
    window.shiftForPrepended(100, items.length + 100);
    const after = window.slice([...Array.from({ length: 100 }, (_, i) => -100 + i), ...items]);
    expect(after.items.includes(before!)).to.equal(true);
    expect(after.items[0]).to.be.below(before!);
  });

  it('keeps following the newest when older items arrive but everything still fits', () => {
    const window = new TimelineWindow(20, 6);
    window.shiftForPrepended(3, 5);
    expect(window.followingNewest, 'a reply that arrives later is still shown').to.equal(true);
    expect(window.slice([1, 2, 3, 4, 5, 6]).items).to.deep.equal([1, 2, 3, 4, 5, 6]);
  });
});
