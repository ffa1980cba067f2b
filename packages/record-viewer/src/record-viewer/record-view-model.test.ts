/**
 * The view model reads FHIR as any server writes it: every fixture item with any one field, at
 * any depth, removed or of the wrong type still gives a view, so one odd item never breaks a section.
 */
import { expect } from '@open-wc/testing';
import { healthRecord, oddRecordItems } from '@careline/mock';
import { wrongVariants } from '@careline/testing';
import { viewItem } from './record-view-model.js';

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
