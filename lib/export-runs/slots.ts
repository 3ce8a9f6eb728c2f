/**
 * The advisory lock (`pg_advisory_xact_lock(hashtext(name))`) that serialises slot claims of one
 * organization, so two runs cannot both take its last free slot. Whoever holds it holds back every
 * export of that organization from starting.
 */
export function runSlotLockName(organizationId: string): string {
  return `export-slots:${organizationId}`;
}
