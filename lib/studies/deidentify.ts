import { createHmac, randomBytes } from "node:crypto";
import type { DeidentificationSettings, StudyScopeMember } from "@/db/schema";
import { MAX_SHIFT_DAYS } from "../exports/archive/study-readme";

/** What a de-identified export does when a study names no profile of its own. */
export const FULL_DEIDENTIFICATION: DeidentificationSettings = { hashParticipantIds: true, shiftDates: true, dropFreeText: true };

/** A new study's secret: 32 random bytes, hex. */
export const newStudySecret = () => randomBytes(32).toString("hex");

const hmac = (secret: string, text: string) => createHmac("sha256", secret).update(text).digest();

/** The keyed hash that stands for an id in one study: the same id and study always give the same pseudonym. */
export function pseudonymOf(secret: string, kind: "participant" | "device", id: string): string {
  return `${kind === "participant" ? "S" : "D"}-${hmac(secret, `${kind}:${id}`).toString("hex").slice(0, 16)}`;
}

/** A participant's date shift in days, 1 to 364 either way (never 0, so every date moves), fixed per study. */
export function shiftDaysOf(secret: string, participantId: string): number {
  const n = hmac(secret, `shift:${participantId}`).readUInt32BE(0);
  const days = 1 + (n % MAX_SHIFT_DAYS);
  return n & 0x80000000 ? -days : days;
}

/** Members with their pseudonyms and shifts, as the export stores them (the settings say which apply). */
export function deidentifyMembers(secret: string, settings: DeidentificationSettings, members: StudyScopeMember[]): StudyScopeMember[] {
  return members.map((m) => ({
    ...m,
    ...(settings.hashParticipantIds
      ? { pseudonym: pseudonymOf(secret, "participant", m.participantId), devicePseudonyms: m.deviceIds.map((d) => pseudonymOf(secret, "device", d)) }
      : {}),
    ...(settings.shiftDates ? { shiftDays: shiftDaysOf(secret, m.participantId) } : {}),
  }));
}
