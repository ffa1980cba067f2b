/**
 * The shared adapter contract suite on the Chatwoot adapter over the mock Chatwoot;
 * afterwards, every request made must have matched the spec and every response validated.
 */
import { expect } from '@open-wc/testing';
import { runAdapterContract } from '@careline/testing/contract.js';
import { chatwootSpec, makeChatwoot, mockControl } from './harness.js';
import type { ChatwootSpec } from './spec-validator.js';
import type { MockChatwoot } from './mock-chatwoot.js';

let spec: ChatwootSpec | undefined;
const mocks: MockChatwoot[] = [];
const logged: string[] = [];

describe('adapter-chatwoot contract', () => {
  before(async () => {
    spec = await chatwootSpec();
  });

  runAdapterContract('adapter-chatwoot + mock Chatwoot', () => {
    // The declaration-time probe runs before `before`: it only needs the shape, never makes requests.
    const { mock, adapter } = makeChatwoot(spec ?? ({ checkRequest: () => [], checkResponse: () => [] } as unknown as ChatwootSpec));
    if (spec) mocks.push(mock);
    return { adapter, control: mockControl(mock) };
  }, { log: (message) => logged.push(message) });

  it('leaves out only the chat test that needs a server that forgets its history (Chatwoot keeps none to forget)', () => {
    const report = logged.join('\n');
    expect(report, report).to.include('ports not offered, not tested: session, records, community, feedback');
    expect(report.match(/\(needs control\./g) ?? [], report).to.have.length(1);
    expect(report, report).to.match(/calls onResync once.*\(needs control\.forgetHistory\)/);
  });

  after(() => {
    const violations = mocks.flatMap((m) => m.violations);
    expect(mocks.length).to.be.greaterThan(0);
    expect(violations, violations.join('\n')).to.deep.equal([]);
  });
});
