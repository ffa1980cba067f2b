import type { Message } from '@careline/core';
import type { RecordMessageKey } from './keys.js';

/** English of a lab trend (summary, table, paging), registered when its code loads (record-viewer/trend-chart.ts). */
export const enTrend = {
  'record.trend.summary': {
    one: '{test}: {count} result, on {last}. Latest: {latest}.',
    other: '{test}: {count} results from {first} to {last}. Latest: {latest}.',
  },
  'record.trend.table': 'Show the results as a table',
  'record.trend.date': 'Date',
  'record.trend.result': 'Result',
  'record.trend.page': {
    one: 'Showing {from}–{to} of {count} result, newest first.',
    other: 'Showing {from}–{to} of {count} results, newest first.',
  },
  'record.trend.newer': 'Show newer results',
  'record.trend.older': 'Show older results',
  'record.trend.markers': 'Dots mark the latest results and those outside the normal range.',
} satisfies Partial<Record<RecordMessageKey, Message>>;
