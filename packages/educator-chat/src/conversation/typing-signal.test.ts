import { expect } from '@open-wc/testing';
import { TypingSignal } from './typing-signal.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('TypingSignal', () => {
  it('sends "on" once for a burst of keystrokes and "off" after the pause', async () => {
    const sent: boolean[] = [];
    const typing = new TypingSignal({ send: (active) => void sent.push(active), idleMs: 60 });
    for (const text of ['H', 'He', 'Hel', 'Hell', 'Hello']) {
      typing.input(text);
      await sleep(10);
    }
    expect(sent).to.deep.equal([true]);
    await sleep(100);
    expect(sent).to.deep.equal([true, false]);
    typing.input('Hello again');
    expect(sent).to.deep.equal([true, false, true]);
    typing.stop();
  });

  it('stops when the text is emptied or sent, and says nothing when typing never started', () => {
    const sent: boolean[] = [];
    const typing = new TypingSignal({ send: (active) => void sent.push(active), idleMs: 1000 });
    typing.stop();
    typing.input('   ');
    expect(sent, 'whitespace is not typing').to.deep.equal([]);
    typing.input('Hi');
    typing.input('');
    expect(sent).to.deep.equal([true, false]);
    typing.input('Hi');
    typing.stop();
    typing.stop();
    expect(sent).to.deep.equal([true, false, true, false]);
  });

  it('ignores a backend that fails or throws', async () => {
    let calls = 0;
    const failing = new TypingSignal({ send: () => (calls++, Promise.reject(new Error('offline'))), idleMs: 1000 });
    failing.input('a');
    failing.stop();
    const throwing = new TypingSignal({
      send: () => {
        calls++;
        throw new Error('no such method');
      },
    });
    throwing.input('a');
    throwing.stop();
    await sleep(0);
    expect(calls).to.equal(4);
  });
});
