import { expect } from '@open-wc/testing';
import * as fixtures from './fixtures.js';

describe('fixtures', () => {
  it('use only clearly fictional identifiers and contact details', () => {
    const text = JSON.stringify(fixtures);
    for (const patient of Object.values(fixtures.patients)) expect(patient.id).to.match(/^p-\d{4}$/);
    // No e-mail outside example.org, and no long digit runs that could be a phone or record number.
    for (const email of text.match(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g) ?? []) expect(email).to.match(/@example\.org$/);
    // (Terminology codes such as SNOMED concept ids are long numbers too, but they are not identifiers.)
    const withoutCodesAndDates = text.replace(/"code":"\d+"/g, '').replace(/\d{4}-\d{2}-\d{2}T?[\d:.]*Z?/g, '');
    expect(withoutCodesAndDates.match(/\d{8,}/g) ?? []).to.deep.equal([]);
  });

  it('cover what the widgets need: a pinned staff post, a verified answer, lab series with ranges, every record section, odd FHIR', () => {
    expect(fixtures.communityPosts.some((p) => p.pinned && p.author.badge)).to.equal(true);
    expect(fixtures.communityPosts.some((p) => p.verified && p.parentId)).to.equal(true);
    const hba1c = fixtures.healthRecord.filter((item) => item.id.startsWith('lab-hba1c'));
    expect(hba1c.length).to.be.at.least(3);
    expect(new Set(fixtures.healthRecord.map((item) => item.section)).size, 'every section has something to show').to.equal(10);
    expect(fixtures.oddRecordItems.map((item) => item.id)).to.include.members(['odd-tg-text-range', 'odd-no-date', 'odd-primitive-extension']);
    const long = fixtures.largeLabHistory(5000);
    expect(long).to.have.length(5000);
    expect(new Set(long.map((item) => item.id)).size).to.equal(5000);
    expect(fixtures.chatAvailability.timeZone).to.equal('Asia/Jakarta');
    expect(fixtures.chatTopics.map((t) => t.label)).to.include.members(['Understand my results', 'Medicines', 'Using the patient portal']);
    expect(fixtures.communityGroups.map((g) => g.id)).to.deep.equal(['g-diabetes', 'g-cancer', 'g-heart']);
  });
});
