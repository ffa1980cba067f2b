import { expect } from '@open-wc/testing';
import { idPart } from './id-part.js';

describe('idPart', () => {
  it('keeps letters, digits and "-", and writes every other character so that different values never meet', () => {
    expect(idPart('obs-123')).to.equal('obs-123');
    const values = ['a/b', 'a_b', 'a_2f_b', 'a b', 'a.b', 'a😀b', 'a\u{1F600}b', '', 'undefined', undefined, 42, '42'];
    const parts = values.map(idPart);
    // Each distinct value its own part ('a😀b' and 'a\u{1F600}b' are one value; 42 and '42' are one string).
    expect(new Set(parts).size).to.equal(new Set(values.map(String)).size);
    for (const part of parts) expect(part).to.match(/^[A-Za-z0-9_-]*$/);
  });

  it('makes parts that a shadow root finds by id', () => {
    const host = document.createElement('div');
    const root = host.attachShadow({ mode: 'open' });
    root.innerHTML = `<p id="post-${idPart('Observation/1 "x"')}">one</p><p id="post-${idPart('Observation_1 _x_')}">two</p>`;
    expect(root.getElementById(`post-${idPart('Observation/1 "x"')}`)?.textContent).to.equal('one');
    expect(root.getElementById(`post-${idPart('Observation_1 _x_')}`)?.textContent).to.equal('two');
  });
});
