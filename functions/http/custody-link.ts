import { confirmCustody, revealCustody, viewCustody } from '../../core/handover/custody.ts';
import { linkPagesHandler } from '../shared/link-pages.ts';
import { rotationContext } from '../shared/rotation.ts';

const ctx = rotationContext();

/** The pages behind a custodian's link: GET shows the task, the page's POSTs reveal the new password once and confirm. */
export const handler = linkPagesHandler({
  path: '/handover/',
  view: (token, csrf) => viewCustody(ctx, token, csrf),
  post: async (token, form, csrf) => {
    const action = form.get('action');
    if (action === 'reveal') return revealCustody(ctx, token, csrf);
    if (action === 'confirm') return confirmCustody(ctx, token);
    return { status: 400, content: { title: 'This form could not be read', lead: ['Use the buttons on the page. Nothing was changed.'] } };
  },
});
