import type { Metadata } from "next";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Alert } from "@/components/ui/misc";
import { getDb } from "@/db/client";
import { LIMIT_BOUNDS } from "@/lib/admin/input";
import { getLimits } from "@/lib/admin/limits";
import { adminContext, guardedRead } from "../_lib/context";
import { LimitsForm } from "./_components/limits-form";

export const metadata: Metadata = { title: "Limits" };

export default async function LimitsPage() {
  const ctx = await adminContext();
  if (ctx.kind !== "ok") return null;
  const result = await guardedRead(() => getLimits(getDb(), ctx.actor, ctx.place));
  if (!result.ok) return <Alert tone="info">{result.message}</Alert>;
  const limits = result.data;

  return (
    <Card aria-labelledby="limits-heading" className="max-w-2xl">
      <CardHeader>
        <CardTitle id="limits-heading">Usage limits</CardTitle>
        <p className="text-xs text-slate-600">
          For every tenant of the organization. New values apply to the next export request; retention to exports that finish from now on.
        </p>
      </CardHeader>
      <CardContent className="flex flex-col gap-6">
        <LimitsForm
          place={ctx.place}
          values={{
            maxRowsPerExport: limits.maxRowsPerExport,
            maxActiveExportsPerUser: limits.maxActiveExportsPerUser,
            maxConcurrentExports: limits.maxConcurrentExports,
            retentionDays: limits.retentionDays,
            maxRangeDays: limits.maxRangeDays,
          }}
          bounds={LIMIT_BOUNDS}
        />
      </CardContent>
    </Card>
  );
}
