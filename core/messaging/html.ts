/** Text placed in HTML (an element's content or a quoted attribute) as inert characters, whoever typed it. */
export const escapeHtml = (value: string) => value.replace(/[&<>"'`=]/g, (c) => `&#${c.charCodeAt(0)};`);
