/**
 * The view model reads FHIR as any server writes it: every fixture item with any one field, at
 * any depth, removed or of the wrong type still gives a view, so one odd item never breaks a section.
 */
import { expect } from '@open-wc/testing';
import { healthRecord, oddRecordItems } from '@careline/mock';
import type { RecordItem } from '@careline/core';
import { viewItem } from './record-view-model.js';

const WRONG_VALUES: readonly unknown[] = [undefined, null, 42, 'x', [], {}, true];

/** Every path to a value in `value`, to depth 5. */
function pathsIn(value: unknown, prefix: readonly (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (prefix.length > 4 || value === null || typeof value !== 'object') return out;
  for (const key of Object.keys(value)) {
    const path = [...prefix, Array.isArray(value) ? Number(key) : key];
    out.push(path);
    pathsIn((value as Record<string, unknown>)[key], path, out);
  }
  return out;
}

/** A copy of `item` with the value at `path` replaced (`undefined`: removed). */
function withValueAt(item: RecordItem, path: readonly (string | number)[], replacement: unknown): RecordItem {
  const copy = structuredClone(item);
  let parent = copy as unknown as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (replacement === undefined) delete parent[last];
  else parent[last] = replacement;
  return copy;
}

describe('viewItem', () => {
  it('gives a view of every item with any one field removed or of the wrong type', () => {
    const failures: string[] = [];
    let variants = 0;
    for (const item of [...healthRecord, ...oddRecordItems]) {
      for (const path of pathsIn(item)) {
        for (const wrong of WRONG_VALUES) {
          variants++;
          try {
            const view = viewItem(withValueAt(item, path, wrong), 'en');
            if (!Array.isArray(view.details)) throw new Error('no details list');
          } catch (error) {
            failures.push(`${item.id} ${path.join('.')} = ${JSON.stringify(wrong) ?? 'undefined'}: ${String(error)}`);
          }
        }
      }
    }
    expect(variants, 'variants tried').to.be.greaterThan(5000);
    expect(failures.slice(0, 10), `${failures.length} of ${variants} variants failed`).to.deep.equal([]);
  });
});
