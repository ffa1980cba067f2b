/**
 * The view model reads FHIR as any server writes it: every fixture item with any one field, at
 * any depth, removed or of the wrong type still gives a view, so one odd item never breaks a section.
 */
import { expect } from '@open-wc/testing';
import { healthRecord, oddRecordItems } from '@careline/mock';
import { wrongVariants } from '@careline/testing';
import type { RecordItem } from '@careline/core';
import { groupByTest, viewItem } from './record-view-model.js';

describe('viewItem', () => {
  it('gives a view of every item with any one field removed or of the wrong type', () => {
    const failures: string[] = [];
    let variants = 0;
    for (const item of [...healthRecord, ...oddRecordItems]) {
      for (const variant of wrongVariants(item)) {
        variants++;
        try {
          const view = viewItem(variant.item, 'en');
          if (!Array.isArray(view.details)) throw new Error('no details list');
        } catch (error) {
          failures.push(`${item.id} ${variant.label}: ${String(error)}`);
        }
      }
    }
    expect(variants, 'variants tried').to.be.greaterThan(5000);
    expect(failures.slice(0, 10), `${failures.length} of ${variants} variants failed`).to.deep.equal([]);
  });
});

describe('groupByTest', () => {
  const lab = healthRecord.find((item) => item.section === 'labs')!;
  /** A lab result without a code (a backend that sent only text, or nothing, about the test). */
  const uncoded = (id: unknown, value: number): RecordItem => ({ ...lab, id, resource: { ...(lab.resource as object), code: undefined, valueQuantity: { value, unit: 'mmol/L' } } }) as unknown as RecordItem;

  it('keeps results without a code apart, also when their ids are missing, the same or not text', () => {
    const items = [uncoded('r-1', 1), uncoded('r-1', 2), uncoded(undefined, 3), uncoded(undefined, 4), uncoded(7, 5), uncoded('r-2', 6)];
    const groups = groupByTest(items, 'en');
    expect(groups.map((group) => group.count), 'one group per result').to.deep.equal([1, 1, 1, 1, 1, 1]);
    expect(new Set(groups.map((group) => group.key)).size, 'each its own key').to.equal(6);
    expect(groups.map((group) => group.latest.numeric).sort()).to.deep.equal([1, 2, 3, 4, 5, 6]);
  });

  it('still groups results of one test by its code', () => {
    const sameTest = healthRecord.filter((item) => item.section === 'labs' && JSON.stringify((item.resource as { code?: unknown }).code) === JSON.stringify((lab.resource as { code?: unknown }).code));
    expect(sameTest.length, 'the fixture has a test with several results').to.be.greaterThan(1);
    const groups = groupByTest(sameTest, 'en');
    expect(groups.map((group) => group.count)).to.deep.equal([sameTest.length]);
  });
});
