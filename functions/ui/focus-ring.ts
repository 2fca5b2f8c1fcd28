/**
 * The focus ring of every page Relais serves (the staff pages and the specialists' link pages), one
 * rule for both: a 3 px amber outline on what the keyboard reached. A date or time input's focus may be
 * on one of its parts (its calendar button, a field of the date), which only :focus-within sees on the
 * input itself.
 */
export const FOCUS_RING_CSS =
  ':focus-visible{outline:3px solid #f59e0b;outline-offset:2px}' +
  'input[type=date]:focus-within,input[type=time]:focus-within,input[type=datetime-local]:focus-within{outline:3px solid #f59e0b;outline-offset:2px}';
