import { confirmCustody, revealCustody, viewCustody } from '../../core/rotation/custody.ts';
import { custodyForm } from '../../core/handover/model.ts';
import { parseInput } from '../../core/validation.ts';
import { linkPagesHandler } from '../shared/link-pages.ts';
import { rotationContext } from '../shared/rotation.ts';

const ctx = rotationContext();

/** The pages behind a custodian's link: GET shows the task, the page's POSTs reveal the new password once and confirm. */
export const handler = linkPagesHandler({
  path: '/handover/',
  view: (token, csrf) => viewCustody(ctx, token, csrf),
  post: async (token, form, csrf) => {
    // An unknown action is a 400 page (ValidationError), as the OpenAPI document's form schema says.
    const { action } = parseInput(custodyForm, { action: form.get('action') ?? undefined, csrf: form.get('csrf') ?? undefined }, 'form');
    return action === 'reveal' ? revealCustody(ctx, token, csrf) : confirmCustody(ctx, token);
  },
});
