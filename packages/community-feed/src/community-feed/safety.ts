/**
 * Checks on a post before it is sent: personal details a member may not mean to
 * publish, and crisis wording that should bring up crisis resources. Both warn;
 * neither blocks — the member decides.
 */
import { detectEmergency } from '@careline/core';

export type PersonalDetail = 'email' | 'phone' | 'record-number';

const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/;
// 8 or more digits, allowing spaces, dots, dashes and brackets between them, optionally after a +.
const PHONE = /(?:\+|\b)\d(?:[\s().-]?\d){7,}\b/;
// "MRN 123456", "No. RM 00-12-34", "rekam medis: 123456", "record number 123456", or a bare run of 6+ digits.
const RECORD_NUMBER = /\b(?:mrn|no\.?\s*rm|rm|rekam\s+medis|nombor\s+rekod|record\s+(?:no\.?|number))\s*[:#]?\s*[\d][\d\s-]{3,}|\b\d{6,}\b/i;

/** Which kinds of personal detail the text seems to contain (in a stable order). */
export function findPersonalDetails(text: string): PersonalDetail[] {
  const found: PersonalDetail[] = [];
  if (EMAIL.test(text)) found.push('email');
  if (PHONE.test(text)) found.push('phone');
  // A phone number is also a digit run: only call it a record number when it is labelled, or not a phone.
  if (RECORD_NUMBER.test(text) && !(found.includes('phone') && !/\b(?:mrn|rm|rekam|rekod|record)\b/i.test(text))) found.push('record-number');
  return found;
}

/** Crisis wording (self-harm, suicide, and the other emergencies the chat knows) in the member's language or English. */
export function readsLikeCrisis(text: string, locale: string): boolean {
  return detectEmergency(text, locale).matched;
}
