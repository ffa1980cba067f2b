import '@careline/feedback-form/define.js';
import type { CareFeedbackStartEvent } from '@careline/feedback-form';
import { Component, CUSTOM_ELEMENTS_SCHEMA, output } from '@angular/core';

/** CUSTOM_ELEMENTS_SCHEMA lets the template use the care-* tags; events bind with (event-name). */
@Component({
  selector: 'app-feedback-section',
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <section>
      <h2>Tell us how we did</h2>
      <care-feedback-form kinds="compliment complaint" emergency-number="112" (care-feedback-start)="onStart($event)"></care-feedback-form>
    </section>`,
})
export class FeedbackSectionComponent {
  readonly kindChosen = output<string>();

  onStart(event: Event) {
    this.kindChosen.emit((event as CareFeedbackStartEvent).kind);
  }
}
