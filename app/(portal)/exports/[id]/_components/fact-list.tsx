import { cn } from "@/lib/utils";
import type { Fact } from "../_lib/facts";

/** A definition list of facts; long values (checksums, field lists) wrap instead of widening the page. */
export function FactList({ facts, label }: { facts: Fact[]; label: string }) {
  return (
    <dl className="grid grid-cols-1 gap-x-4 gap-y-1 text-sm sm:grid-cols-[auto_minmax(0,1fr)]" aria-label={label}>
      {facts.map((f) => (
        <div key={f.key} className="contents">
          <dt className="font-medium text-slate-600">{f.label}</dt>
          <dd className={cn("mb-1 break-words text-slate-900 sm:mb-0", f.mono && "font-mono text-xs break-all")} data-testid={`fact-${f.key}`}>
            {f.value}
          </dd>
        </div>
      ))}
    </dl>
  );
}
