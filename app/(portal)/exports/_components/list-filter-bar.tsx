"use client";

import { useEffect, useState } from "react";
import { Input, NativeSelect } from "@/components/ui/input";
import { useDebounced } from "../_lib/use-debounced";
import { NO_FILTERS, type ListFilters } from "../_lib/list-filters";
import { STATUS_LABELS } from "./export-status";

interface Props {
  filters: ListFilters;
  onChange: (filters: ListFilters) => void;
  realms: { id: string; label: string }[];
}

const STATUSES = Object.keys(STATUS_LABELS) as (keyof typeof STATUS_LABELS)[];

/** Narrows the status table: status, realm, requester, only mine, a search by name, and the order. */
export function ListFilterBar({ filters, onChange, realms }: Props) {
  // Typed text reaches the server once typing pauses, not on every key.
  const [q, setQ] = useState(filters.q);
  const [requester, setRequester] = useState(filters.requester);
  const settledQ = useDebounced(q, 300);
  const settledRequester = useDebounced(requester, 400);
  useEffect(() => {
    // Only once typing settled on what the boxes show (a Clear in between must not bring old text back).
    if (settledQ !== q || settledRequester !== requester) return;
    if (settledQ !== filters.q || settledRequester !== filters.requester) onChange({ ...filters, q: settledQ, requester: settledRequester });
  }, [settledQ, settledRequester, q, requester, filters, onChange]);
  const set = (patch: Partial<ListFilters>) => onChange({ ...filters, ...patch });
  const filtered = JSON.stringify({ ...filters, q, requester }) !== JSON.stringify(NO_FILTERS);

  return (
    <div role="search" aria-label="Filter exports" className="grid grid-cols-2 gap-2 text-sm sm:grid-cols-3 xl:grid-cols-6">
      <label className="col-span-2 flex flex-col gap-1 sm:col-span-1 xl:col-span-2">
        <span className="text-xs font-medium text-slate-700">Search by name</span>
        <Input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="e.g. quarterly" maxLength={100} />
      </label>
      <label className="flex flex-col gap-1">
        <span className="text-xs font-medium text-slate-700">Filter by status</span>
        <NativeSelect value={filters.status} onChange={(e) => set({ status: e.target.value as ListFilters["status"] })}>
          <option value="">Any status</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]}
            </option>
          ))}
        </NativeSelect>
      </label>
      <label className="flex flex-col gap-1">
        <span className="text-xs font-medium text-slate-700">Filter by realm</span>
        <NativeSelect value={filters.realm} onChange={(e) => set({ realm: e.target.value })}>
          <option value="">Any realm</option>
          {realms.map((r) => (
            <option key={r.id} value={r.id}>
              {r.label}
            </option>
          ))}
        </NativeSelect>
      </label>
      <label className="flex flex-col gap-1">
        <span className="text-xs font-medium text-slate-700">Filter by requester</span>
        <Input type="email" value={requester} onChange={(e) => setRequester(e.target.value)} placeholder="Email address" disabled={filters.onlyMine} />
      </label>
      <label className="flex flex-col gap-1">
        <span className="text-xs font-medium text-slate-700">Order</span>
        <NativeSelect value={filters.sort} onChange={(e) => set({ sort: e.target.value === "oldest" ? "oldest" : "newest" })}>
          <option value="newest">Newest first</option>
          <option value="oldest">Oldest first</option>
        </NativeSelect>
      </label>
      <div className="col-span-2 flex flex-wrap items-center gap-3 sm:col-span-3 xl:col-span-6">
        <label className="flex items-center gap-2 text-slate-700">
          <input type="checkbox" className="size-4 accent-indigo-700" checked={filters.onlyMine} onChange={(e) => set({ onlyMine: e.target.checked })} />
          Only mine
        </label>
        {filtered ? (
          <button
            type="button"
            className="text-sm font-medium text-indigo-700 underline underline-offset-4"
            onClick={() => {
              setQ("");
              setRequester("");
              onChange(NO_FILTERS);
            }}
          >
            Clear filters
          </button>
        ) : null}
      </div>
    </div>
  );
}
