/** "+1-615-555-0100" → "tel:+16155550100" and "615-555-0100". */
export const telHref = (p: string) => `tel:${p.replace(/[^+\d]/g, '')}`;
export const prettyPhone = (p: string) => p.replace(/^\+1-/, '');
