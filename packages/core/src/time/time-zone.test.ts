import { expect } from '@open-wc/testing';
import { knownTimeZone } from './time-zone.js';

describe('knownTimeZone', () => {
  it('keeps a zone Intl knows and gives undefined for anything else', () => {
    expect(knownTimeZone('Asia/Jakarta')).to.equal('Asia/Jakarta');
    expect(knownTimeZone('UTC')).to.equal('UTC');
    for (const odd of ['Mars/Olympus', '', '  ', 42, null, undefined, {}, []]) expect(knownTimeZone(odd), String(odd)).to.equal(undefined);
  });
});
