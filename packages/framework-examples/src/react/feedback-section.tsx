import '@careline/feedback-form/define.js';
import type { CareFeedbackStartEvent } from '@careline/feedback-form';
import './careline-jsx.js';

/** Attributes as JSX props; React 19 listens to `care-*` events through `on` + the event name. */
export function FeedbackSection({ onKindChosen }: { onKindChosen: (kind: string) => void }) {
  return (
    <section>
      <h2>Tell us how we did</h2>
      <care-feedback-form kinds="compliment complaint" emergency-number="112" oncare-feedback-start={(event: CareFeedbackStartEvent) => onKindChosen(event.kind)} />
    </section>
  );
}
