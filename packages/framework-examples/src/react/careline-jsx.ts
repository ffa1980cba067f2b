// Lets TypeScript check the Careline tags in JSX (React 19 passes unknown props to custom elements).
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { CareFeedbackStartEvent } from '@careline/feedback-form';

type CarelineProps<Events> = DetailedHTMLProps<HTMLAttributes<HTMLElement>, HTMLElement> & Events & Record<`${string}-${string}`, string | number | boolean | undefined>;

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'care-feedback-form': CarelineProps<{ 'oncare-feedback-start'?: (event: CareFeedbackStartEvent) => void }> & { kinds?: string };
      'care-educator-chat': CarelineProps<object> & { mode?: 'launcher' | 'inline' };
      'care-community-feed': CarelineProps<object> & { group?: string };
      'care-record-viewer': CarelineProps<object> & { sections?: string };
    }
  }
}
