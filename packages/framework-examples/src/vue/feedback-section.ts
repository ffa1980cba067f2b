import '@careline/feedback-form/define.js';
import type { CareFeedbackStartEvent } from '@careline/feedback-form';
import { defineComponent } from 'vue';

/**
 * In a single-file component the template is the same; tell Vue the tags are custom
 * elements (vite.config: `vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('care-') } } })`).
 */
export const FeedbackSection = defineComponent({
  emits: ['kind-chosen'],
  template: `
    <section>
      <h2>Tell us how we did</h2>
      <care-feedback-form kinds="compliment complaint" emergency-number="112" @care-feedback-start="onStart"></care-feedback-form>
    </section>`,
  methods: {
    onStart(event: CareFeedbackStartEvent) {
      this.$emit('kind-chosen', event.kind);
    },
  },
});
