import type { Sql } from "../../db/client";

/**
 * Fills one tenant with `count` exports of its own history, one a second back from now, most of them done
 * and every 50th still pending, in a single statement. For the list's plan test and its benchmark.
 */
export async function seedExportHistory(sql: Sql, q: { organizationId: string; tenantId: string; requestedBy: string; count: number }) {
  await sql`
    insert into exports (organization_id, tenant_id, requested_by, scope, scope_label, realm, fields, date_from, date_to, timezone, format,
                         status, rows_estimate, rows_processed, row_count, size_bytes, file_name, created_at, updated_at, completed_at, expires_at)
    select ${q.organizationId}::uuid, ${q.tenantId}::uuid, ${q.requestedBy}, '{"type":"tenant"}'::jsonb, 'Tenant', 'jobs', array['job_id'],
           '2024-01-01', '2024-01-31', 'UTC', 'csv',
           (case when i % 50 = 0 then 'pending' else 'done' end)::export_status, 1000, 1000, 1000, 4096, 'jobs.zip',
           now() - i * interval '1 second', now(), now() - i * interval '1 second', now() + interval '30 days'
    from generate_series(1, ${q.count}) as i`;
  await sql`analyze exports`;
}
