import type { MessageCatalog } from './catalog';

/** The notices in English. */
export const en: MessageCatalog = {
  datePattern: 'YYYY-MM-DD',
  greeting: 'Hello,',
  footer: ['This is an automatic notice; please do not reply to it.'],
  templates: {
    appeal_registered: {
      subject: 'Appeal {{registrationNumber}} registered',
      body: [
        'Your appeal was registered on {{registeredOn}} under number {{registrationNumber}}.',
        'Tracking code: {{trackingCode}}. With the number and this code you can follow the case without an account; do not share it.',
        'The answer is due by {{dueOn}} at the latest.',
        'Follow the case: {{caseUrl}}',
      ],
      sms: [
        'Appeal {{registrationNumber}} registered, answer due by {{dueOn}}.',
        'Tracking code: {{trackingCode}}.',
      ],
    },
    appeal_forwarded: {
      subject: 'Appeal {{registrationNumber}} forwarded to the competent body',
      body: [
        'Your appeal {{registrationNumber}} was forwarded to the competent body: {{toAgency}}.',
        'That body considers it under its own term: the answer is due by {{newDueOn}} at the latest.',
        'Part of your appeal {{registrationNumber}} ({{part}}) was forwarded to the competent body: {{partTo}}. That body considers it as a separate appeal under its own term; the rest stays with the body that had it.',
        'Reason: {{reason}}',
        'Follow the case: {{caseUrl}}',
      ],
      sms: [
        'Appeal {{registrationNumber}} forwarded to the competent body: {{toAgency}}.',
        'Part of appeal {{registrationNumber}} forwarded to the competent body: {{partTo}}.',
      ],
    },
    deadline_extended: {
      subject: 'The term of appeal {{registrationNumber}} was extended',
      body: [
        'The term for your appeal {{registrationNumber}} was extended to {{newDueOn}} (it was {{previousDueOn}}).',
        'Grounds: {{reason}}',
        'Follow the case: {{caseUrl}}',
      ],
      sms: ['The term of appeal {{registrationNumber}} was extended to {{newDueOn}}.'],
    },
    answer_sent: {
      subject: 'Answer to appeal {{registrationNumber}}',
      body: [
        'Your appeal {{registrationNumber}} has been answered. Read the answer on the case page: {{caseUrl}}',
        'If you disagree with the answer, you may complain about it until {{complaintUntil}}.',
      ],
      sms: ['Appeal {{registrationNumber}} has been answered: {{caseUrl}}'],
    },
    appeal_deemed_refused: {
      subject: 'Appeal {{registrationNumber}}: the term for the answer has passed',
      body: [
        'The term for your appeal {{registrationNumber}} ended on {{dueOn}} without an answer.',
        'By law, no answer within the term counts as a refusal.',
        'You may complain about it to the higher body: the "Complain" button on the case page {{caseUrl}}',
      ],
      sms: [
        'The term of appeal {{registrationNumber}} ended on {{dueOn}} without an answer: this counts as a refusal, which you may complain about.',
      ],
    },
  },
};
