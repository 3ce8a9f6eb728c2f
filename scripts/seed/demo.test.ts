import { describe, expect, it } from "vitest";
import { testDb } from "@/test/factories";
import { seedDemo } from "./demo";
import { stableUuid } from "./ids";

const { db, sql } = testDb();

const counts = async () => {
  const orgIds = [stableUuid("org:acme"), stableUuid("org:globex")];
  const [row] = await sql`
    select
      (select count(*)::int from organizations where id = any(${orgIds}::uuid[])) as organizations,
      (select count(*)::int from tenants where organization_id = any(${orgIds}::uuid[])) as tenants,
      (select count(*)::int from apps where organization_id = any(${orgIds}::uuid[])) as apps,
      (select count(*)::int from memberships where organization_id = any(${orgIds}::uuid[])) as memberships,
      (select count(*)::int from warehouse.jobs where organization_id = any(${orgIds}::uuid[])) as jobs,
      (select count(*)::int from warehouse.events where organization_id = any(${orgIds}::uuid[])) as events,
      (select count(*)::int from warehouse.lab_results where organization_id = any(${orgIds}::uuid[])) as lab_results`;
  return row;
};

describe("demo seed", () => {
  it("creates the demo world once and changes nothing on a second run", async () => {
    const first = await seedDemo(db, sql, { rowsPerRealm: 2_000 });
    expect(first.created).toBe(true);
    expect(await counts()).toEqual({ organizations: 2, tenants: 4, apps: 16, memberships: 4, jobs: 2_000, events: 2_000, lab_results: 2_000 });
    const second = await seedDemo(db, sql, { rowsPerRealm: 2_000 });
    expect(second).toEqual({ created: false, warehouseRows: 0 });
    expect(await counts()).toEqual({ organizations: 2, tenants: 4, apps: 16, memberships: 4, jobs: 2_000, events: 2_000, lab_results: 2_000 });
  });

  it("spreads rows evenly over 2024-01-01 .. 2026-06-30 with the hard values exports must survive", async () => {
    const orgIds = [stableUuid("org:acme"), stableUuid("org:globex")];
    const [span] = await sql`select min(submitted_at) as first, max(submitted_at) as last from warehouse.jobs where organization_id = any(${orgIds}::uuid[])`;
    expect(new Date(span?.first).toISOString()).toBe("2024-01-01T00:00:00.000Z");
    expect(new Date(span?.last).getTime()).toBeGreaterThan(Date.parse("2026-06-29T00:00:00Z"));
    const [variety] = await sql`
      select
        count(*) filter (where job_name like '%"%') as quotes,
        count(*) filter (where job_name like '%,%') as commas,
        count(*) filter (where job_name like E'%\n%') as newlines,
        count(*) filter (where job_name is null) as nulls,
        count(*) filter (where job_name ~ '^[=+]') as formulas,
        count(*) filter (where user_name ~ '[^\\x01-\\x7f]') as non_ascii
      from warehouse.jobs where organization_id = any(${orgIds}::uuid[])`;
    for (const [kind, n] of Object.entries(variety ?? {})) expect(Number(n), kind).toBeGreaterThan(0);
  });

  it("seeds a study in Acme / Research whose cohorts' participants and devices have lab results and events there", async () => {
    await seedDemo(db, sql, { rowsPerRealm: 2_000 });
    const tenantId = stableUuid("tenant:acme:research");
    const cohorts = await sql`
      select c.name, count(m.id)::int as members,
        count(m.id) filter (where exists (select 1 from warehouse.lab_results l where l.tenant_id = st.tenant_id and l.participant_id = p.code))::int as with_labs,
        count(m.id) filter (where exists (select 1 from participant_devices d join warehouse.events e on e.device_id = d.device_id and e.tenant_id = st.tenant_id where d.participant_id = p.id))::int as with_events
      from studies st join cohorts c on c.study_id = st.id join cohort_members m on m.cohort_id = c.id join participants p on p.id = m.participant_id
      where st.tenant_id = ${tenantId} group by c.name order by c.name`;
    expect(cohorts).toEqual([
      { name: "Baseline", members: 8, with_labs: 8, with_events: 8 },
      { name: "Follow-up", members: 8, with_labs: 8, with_events: 8 },
    ]);
  });
});
