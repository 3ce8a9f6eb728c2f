"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { pauseScheduleAction, resumeScheduleAction } from "../actions";

/** Pause or resume one schedule; a refusal is shown beside the button. */
export function PauseButton({ id, name, state }: { id: string; name: string; state: "active" | "paused" }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const paused = state === "paused";
  return (
    <span className="inline-flex items-center gap-2">
      <Button
        type="button"
        size="sm"
        variant="outline"
        disabled={pending}
        aria-label={`${paused ? "Resume" : "Pause"} ${name}`}
        onClick={() =>
          start(async () => {
            const result = await (paused ? resumeScheduleAction(id) : pauseScheduleAction(id));
            setError(result.ok ? null : result.message);
            router.refresh();
          })
        }
      >
        {paused ? "Resume" : "Pause"}
      </Button>
      {error ? (
        <span role="alert" className="text-xs text-red-700">
          {error}
        </span>
      ) : null}
    </span>
  );
}
