/**
 * The simulated health educator: picks who answers and what they say from
 * simple keywords, so a demo conversation feels plausible without any AI.
 */
import { educators, type EducatorFixture } from './fixtures.js';

export interface EducatorReply {
  educator: EducatorFixture;
  text: string;
}

const EMERGENCY = /chest pain|can'?t breathe|cannot breathe|not breathing|suicid|kill myself|unconscious|fainted|stroke|seizure|bleeding (a lot|heavily)|overdose/i;
const RESULTS = /result|lab|hba1c|a1c|glucose|sugar|cholesterol|triglycerid|blood test|range/i;
const MEDICINES = /medicine|medication|dose|tablet|pill|metformin|amlodipine|insulin|side effect|pharmac|prescription/i;
const PORTAL = /portal|password|log ?in|sign ?in|account|app\b|website|download/i;
const GREETING = /^\s*(hi|hello|halo|good (morning|afternoon|evening)|thanks|thank you|terima kasih)\b/i;

function educatorFor(topicId: string | undefined): EducatorFixture | undefined {
  return Object.values(educators).find((e: EducatorFixture) => topicId !== undefined && e.topicIds.includes(topicId));
}

/** Chooses the reply to a patient's message. `current` keeps the educator who already joined. */
export function educatorReplyFor(text: string, topicId: string | undefined, current?: EducatorFixture): EducatorReply {
  if (EMERGENCY.test(text)) {
    return {
      educator: current ?? educators.dewi,
      text: 'What you describe may be an emergency. Please call 119 now or go to the nearest emergency department. This chat is not monitored for emergencies.',
    };
  }
  if (RESULTS.test(text)) {
    return {
      educator: current ?? educators.dewi,
      text: 'I can help you read your results. Your latest HbA1c is lower than in January, which means your average sugar is improving, but it is still above the target range. Shall we look at what helped?',
    };
  }
  if (MEDICINES.test(text)) {
    return {
      educator: current ?? educators.budi,
      text: 'Good question about your medicines. Please keep taking them as prescribed until we have talked it through. Which medicine is it about, and what have you noticed?',
    };
  }
  if (PORTAL.test(text)) {
    return {
      educator: current ?? educators.ayu,
      text: 'I can guide you through the patient portal. On the sign-in page, choose "Forgot password" and we will send a link to the e-mail address the hospital has for you.',
    };
  }
  const educator = current ?? educatorFor(topicId) ?? educators.dewi;
  if (GREETING.test(text)) {
    return { educator, text: `Hello, I am ${educator.name}, ${educator.role.toLowerCase()}. How can I help you today?` };
  }
  return {
    educator,
    text: 'Thank you for your message. Could you tell me a little more? I can explain results, talk about medicines, or help with the patient portal.',
  };
}

/** The ChatParticipant view of an educator (without fixture-only fields). */
export function asParticipant(educator: EducatorFixture): { kind: 'educator'; name: string; role: string } {
  return { kind: 'educator', name: educator.name, role: educator.role };
}
