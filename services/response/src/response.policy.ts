import { actionRules } from '@appeals/appeal-application';
import { FAQ_ROLES, RESPONSE_ACTIONS } from '@appeals/contracts';
import { only, type PolicyTable } from '@appeals/http';

/** The FAQ entry a press action names: any published entry (entry ids are not secret, the FAQ is public). */
const FAQ_ENTRY = 'the entry exists; otherwise 404';

/** Who may call each response route (checked before the handler); the appeal check follows in the handler. */
export const responsePolicy: PolicyTable = {
  ...actionRules(RESPONSE_ACTIONS),
  // the public FAQ (docs/faq.md): the press alone publishes, rewrites, links and withdraws
  'POST /api/v1/faq/entries': only(FAQ_ROLES, 'the source appeal is answered; appeals of its category only'),
  'POST /api/v1/faq/entries/:entryId/revise': only(FAQ_ROLES, FAQ_ENTRY, 404),
  'POST /api/v1/faq/entries/:entryId/link': only(FAQ_ROLES, FAQ_ENTRY, 404),
  'POST /api/v1/faq/entries/:entryId/withdraw': only(FAQ_ROLES, FAQ_ENTRY, 404),
};
