import type { Message } from '@careline/core';

/** Statuses the viewer translates; any other is shown as the server wrote it. */
export const KNOWN_STATUSES = [
  'active',
  'inactive',
  'resolved',
  'remission',
  'recurrence',
  'completed',
  'stopped',
  'on-hold',
  'cancelled',
  'entered-in-error',
  'booked',
  'fulfilled',
  'noshow',
  'finished',
  'in-progress',
  'planned',
  'final',
  'preliminary',
  'amended',
  'current',
  'superseded',
  'issued',
  'balanced',
  'draft',
  'intended',
  'not-taken',
  'not-done',
] as const;

export type KnownStatus = (typeof KNOWN_STATUSES)[number];

/** Every record viewer message key. Adding one here makes it required in every locale table. */
export type RecordMessageKey =
  | 'record.title'
  | 'record.load.failed'
  | 'record.title.named'
  | 'record.nav'
  | 'record.section.summary'
  | 'record.section.medications'
  | 'record.section.conditions'
  | 'record.section.labs'
  | 'record.section.vitals'
  | 'record.section.immunizations'
  | 'record.section.allergies'
  | 'record.section.encounters'
  | 'record.section.appointments'
  | 'record.section.documents'
  | 'record.section.bills'
  | 'record.summary.allergies'
  | 'record.summary.problems'
  | 'record.summary.medications'
  | 'record.empty.notRecorded'
  | 'record.empty.noneKnown'
  | 'record.untitled'
  | 'record.noDate'
  | 'record.provenance.clinician'
  | 'record.provenance.patient'
  | 'record.provenance.from'
  | 'record.detail.dose'
  | 'record.detail.prescriber'
  | 'record.detail.reaction'
  | 'record.detail.severity'
  | 'record.detail.note'
  | 'record.detail.reason'
  | 'record.detail.instructions'
  | 'record.detail.with'
  | 'record.detail.summary'
  | 'record.detail.total'
  | 'record.detail.location'
  | 'record.detail.ended'
  | 'record.lab.range'
  | 'record.lab.flag'
  | 'record.lab.computedAbove'
  | 'record.lab.computedBelow'
  | 'record.flag.high'
  | 'record.flag.low'
  | 'record.flag.critical'
  | 'record.flag.abnormal'
  | 'record.flag.normal'
  | 'record.severity.mild'
  | 'record.severity.moderate'
  | 'record.severity.severe'
  | 'record.trend.show'
  | 'record.trend.loading'
  | 'record.trend.summary'
  | 'record.trend.table'
  | 'record.trend.date'
  | 'record.trend.result'
  | 'record.trend.page'
  | 'record.trend.newer'
  | 'record.trend.older'
  | 'record.trend.markers'
  | 'record.filter.label'
  | 'record.filter.hint'
  | 'record.filter.hintTotal'
  | 'record.filter.none'
  | 'record.more'
  | 'record.more.loaded'
  | 'record.more.failed'
  | 'record.ask'
  | 'record.correction.open'
  | 'record.correction.title'
  | 'record.correction.reason'
  | 'record.correction.hint'
  | 'record.correction.error.reason'
  | 'record.correction.submit'
  | 'record.correction.queued'
  | 'record.correction.sent'
  | 'record.reading.add'
  | 'record.reading.title'
  | 'record.reading.hint'
  | 'record.reading.kind'
  | 'record.reading.kind.glucose'
  | 'record.reading.kind.bloodPressure'
  | 'record.reading.kind.weight'
  | 'record.reading.field.glucose'
  | 'record.reading.field.systolic'
  | 'record.reading.field.diastolic'
  | 'record.reading.field.weight'
  | 'record.reading.when'
  | 'record.reading.whenHint'
  | 'record.reading.note'
  | 'record.reading.save'
  | 'record.reading.queued'
  | 'record.reading.saved'
  | 'record.reading.waiting'
  | 'record.reading.discard'
  | 'record.reading.error.missing'
  | 'record.reading.error.range'
  | 'record.reading.error.future'
  | 'record.note.add'
  | 'record.note.title'
  | 'record.note.label'
  | 'record.note.hint'
  | 'record.note.remaining'
  | 'record.note.over'
  | 'record.note.save'
  | 'record.note.name'
  | 'record.note.queued'
  | 'record.note.saved'
  | 'record.note.error.empty'
  | 'record.note.error.long'
  | 'record.appointments.upcoming'
  | 'record.appointments.past'
  | 'record.appointments.noneUpcoming'
  | 'record.medications.past'
  | 'record.medications.noneCurrent'
  | 'record.shareCommunity'
  | 'record.shareCommunity.summary'
  | 'record.errorSummary'
  | 'record.error.prefix'
  | 'record.cancel'
  | 'record.export.json'
  | 'record.export.preparing'
  | 'record.export.done'
  | 'record.export.failed'
  | 'record.signedOut'
  | 'record.signIn'
  | 'record.offline.detail'
  | 'record.share.open'
  | 'record.share.title'
  | 'record.share.intro'
  | 'record.share.current'
  | 'record.share.none'
  | 'record.share.until'
  | 'record.share.untilStopped'
  | 'record.share.status.pending'
  | 'record.share.status.active'
  | 'record.share.revoke'
  | 'record.share.revoking'
  | 'record.share.revoked'
  | 'record.share.waiting'
  | 'record.share.add'
  | 'record.share.name'
  | 'record.share.relationship'
  | 'record.share.relationshipHint'
  | 'record.share.email'
  | 'record.share.emailHint'
  | 'record.share.sections'
  | 'record.share.untilLabel'
  | 'record.share.untilHint'
  | 'record.share.submit'
  | 'record.share.queued'
  | 'record.share.sent'
  | 'record.share.error.name'
  | 'record.share.error.email'
  | 'record.share.error.sections'
  | 'record.share.error.until'
  | 'record.copy.notice'
  | 'record.print'
  | 'record.print.printed'
  | `record.status.${KnownStatus}`;

declare module '@careline/core' {
  interface MessageCatalog extends Record<RecordMessageKey, Message> {}
}
