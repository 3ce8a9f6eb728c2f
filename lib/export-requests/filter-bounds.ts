/**
 * The most values one "is one of" filter may list. Shared by the request schema and the New export form,
 * so the form refuses an over-long pasted or uploaded list with the server's own number.
 */
export const MAX_FILTER_VALUES = 1000;
