"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/app/_lib/action";
import { AppError } from "@/lib/errors/app-error";
import { checkMemberList, MAX_MEMBER_LIST, saveMemberList } from "@/lib/studies/members";

/* An admin's member list for a cohort: checked first (unknown ids shown back), then saved. */

const cohortRef = z.object({ organizationId: z.uuid(), tenantId: z.uuid(), studyId: z.uuid(), cohortId: z.uuid() });
const list = z
  .array(z.string().max(200, { error: "Each participant id has at most 200 characters." }), { error: "Send the participant ids as a list." })
  .max(MAX_MEMBER_LIST * 2, { error: `A cohort takes at most ${MAX_MEMBER_LIST.toLocaleString("en-US")} participants.` });
const schema = z.object({ ref: cohortRef, ids: list, leaveOutUnknown: z.boolean().default(false) });
const base = {
  signIn: "/exports/studies",
  input: (ref: unknown, ids: unknown, leaveOutUnknown?: unknown) => ({ ref, ids, leaveOutUnknown }),
  schema,
  words: { labels: { ids: "The member list", "ids[]": "A participant id" } },
};

export const checkMembersAction = action({
  ...base,
  run: ({ db, actor, input }) => checkMemberList(db, actor, input.ref, input.ids),
});

export const saveMembersAction = action({
  ...base,
  run: async ({ db, actor, input }) => {
    if (input.ids.length === 0) throw new AppError("invalid", "The list is empty. Paste or upload the cohort's participant ids.", { members: "Empty list." });
    const saved = await saveMemberList(db, actor, input.ref, input.ids, input.leaveOutUnknown);
    revalidatePath("/exports/studies", "layout");
    return saved;
  },
});
