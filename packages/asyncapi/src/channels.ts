import { DEAD_LETTER_TOPIC, QUARANTINE_TOPIC } from '@appeals/bus';
import {
  ApplicantDataErased,
  CalendarYearLoaded,
  EventSchemas,
  NotificationEventSchemas,
  SurgeDetected,
  FaqEventSchemas,
  Topics,
} from '@appeals/contracts';
import type { z } from 'zod';

// Which topic carries which events. The topic names come from where the code that writes them defines them
// (`Topics` of the contracts, the bus's dead-letter and quarantine topics); this file only says what each carries.

/** A topic of the platform and what it carries. */
export interface ChannelSpec {
  /** the channel's id in the document */
  id: string;
  /** the Kafka topic; `{agencyId}` marks the per-agency parameter */
  address: string;
  title: string;
  description: string;
  /** the event types carried (each as the CloudEvents-shaped envelope); none for the dead-letter/quarantine topics */
  events?: Record<string, z.ZodType>;
  /** the channel carries these set-aside messages instead */
  setAside?: 'deadLetter' | 'quarantine';
}

/** The per-agency topic with its parameter: `appeals.agency.{agencyId}.v1`. */
export const AGENCY_ADDRESS = Topics.agency('{agencyId}');

const KEY_NOTE = 'Key: the appeal id (one appeal’s messages stay in order on one partition).';

/** Every topic of the platform, in the order the document lists them. */
export const CHANNELS: readonly ChannelSpec[] = [
  {
    id: 'appealEvents',
    address: Topics.appealEvents,
    title: 'Appeal lifecycle events',
    description: `Every event of every appeal, published by the relay from the event store's global log, at least once. ${KEY_NOTE} Consumer groups are the platform's services (routing, audit, projections, agency-feed, notifications).`,
    events: EventSchemas,
  },
  {
    id: 'agency',
    address: AGENCY_ADDRESS,
    title: 'One agency’s appeals',
    description: `The events of the appeals an agency currently holds, fed by the agency-feed service: when an appeal arrives (routed, or forwarded whole) the agency gets its whole history so far, then each new event; when it is forwarded away the agency gets that forward as its last message. At least once: de-duplicate by \`ce_id\`. ${KEY_NOTE} An agency's Kafka user (\`agency-<agencyId>\`, SASL/SCRAM) may read only its own topic, in consumer groups named \`agency.<agencyId>.<anything>\`. Personal data is sealed (AES-256-GCM per applicant): the agency sees ciphertext, and reads clear text through the platform's HTTP API.`,
    events: EventSchemas,
  },
  {
    id: 'calendarEvents',
    address: Topics.calendarEvents,
    title: 'Working-day calendars',
    description:
      'A year of a jurisdiction profile’s working-day calendar loaded or replaced. Key: the profile id.',
    events: { CalendarYearLoaded },
  },
  {
    id: 'applicantEvents',
    address: Topics.applicantEvents,
    title: 'Personal-data erasures',
    description:
      'An applicant’s personal data was erased (crypto-shredding); carries no personal data. Key: the subject id.',
    events: { ApplicantDataErased },
  },
  {
    id: 'notificationEvents',
    address: Topics.notificationEvents,
    title: 'Notices to applicants',
    description: `What became of each notice (sent, failed, skipped); no address, number or text. ${KEY_NOTE}`,
    events: NotificationEventSchemas,
  },
  {
    id: 'surgeEvents',
    address: Topics.surgeEvents,
    title: 'Surges of appeals',
    description:
      'A week in which the appeals of one category in one region departed from their expected level (the mean of the 8 weeks before, exact conditional Poisson test): counts and the test’s figures, no appeal and no personal data. Written by the projections service’s surge watch to the event store (stream `surge-<categoryId>.<regionKato>`), published by the relay at least once; one event per category, region, week and direction (de-duplicate by `ce_id`). Key: `<categoryId>.<regionKato>`.',
    events: { SurgeDetected },
  },
  {
    id: 'faqEvents',
    address: Topics.faqEvents,
    title: 'Public FAQ',
    description:
      'The public questions and answers the press publishes from answered appeals, in its own words (published, revised, more appeals linked, withdrawn); no personal data. Key: the entry id. Read by projections (GET /api/v1/faq).',
    events: FaqEventSchemas,
  },
  {
    id: 'deadLetter',
    address: DEAD_LETTER_TOPIC,
    title: 'Dead letters',
    description:
      'A message whose handler kept failing (a bug or an outage) after its retries: the original key, value and headers, plus why. Replaying it is an operator’s job.',
    setAside: 'deadLetter',
  },
  {
    id: 'quarantine',
    address: QUARANTINE_TOPIC,
    title: 'Quarantined messages',
    description:
      'A message a consumer group can never decode with its code (not an envelope, an unknown type, a version newer than the code, a payload its schema refuses after upcasting): set aside after ONE attempt, the partition moves on. `pnpm quarantine replay` delivers it again once the code is fixed (ADR 0030).',
    setAside: 'quarantine',
  },
];
