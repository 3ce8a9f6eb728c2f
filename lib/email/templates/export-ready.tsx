import { Button, Heading, Link, Section, Text } from "@react-email/components";
import { EmailLayout, buttonStyle } from "./layout";

export interface ExportReadyEmailProps {
  realmLabel: string;
  scopeLabel: string;
  /** The range in words, e.g. "2025-01-01 to 2025-01-31 (both included)" or "From the first record up to …". */
  dates: string;
  formatLabel: string;
  rows: string;
  size: string;
  expires: string;
  downloadUrl: string;
  /** Done with 0 rows: nothing in the scope and dates matched, and the email says so instead of "ready". */
  noRowsMatched?: boolean;
}

/** The subject line: "ready", or "no rows matched" when the export came out empty. */
export function exportReadySubject(realmLabel: string, noRowsMatched: boolean): string {
  return noRowsMatched ? `Your ${realmLabel} export: no rows matched` : `Your ${realmLabel} export is ready`;
}

const row = { margin: "2px 0", fontSize: "14px" } as const;

export function ExportReadyEmail(p: ExportReadyEmailProps) {
  return (
    <EmailLayout preview={p.noRowsMatched ? `No rows matched your ${p.realmLabel} export` : `Your ${p.realmLabel} export is ready to download`}>
      <Heading as="h1" style={{ fontSize: "20px" }}>
        {p.noRowsMatched ? `Your ${p.realmLabel} export: no rows matched` : `Your ${p.realmLabel} export is ready`}
      </Heading>
      {p.noRowsMatched ? (
        <Text style={{ fontSize: "14px" }}>
          Nothing in this scope and date range matched, so the archive holds no rows. Check the dates and scope, and request the export again with a wider range
          if you expected data.
        </Text>
      ) : null}
      <Section>
        <Text style={row}>Realm: {p.realmLabel}</Text>
        <Text style={row}>Scope: {p.scopeLabel}</Text>
        <Text style={row}>Dates: {p.dates}</Text>
        <Text style={row}>Format: {p.formatLabel}</Text>
        <Text style={row}>Rows: {p.noRowsMatched ? "no rows matched" : p.rows}</Text>
        <Text style={row}>Size: {p.size}</Text>
        <Text style={row}>Available until: {p.expires}</Text>
      </Section>
      <Section style={{ margin: "20px 0" }}>
        <Button href={p.downloadUrl} style={buttonStyle}>
          Download the archive
        </Button>
      </Section>
      <Text style={{ fontSize: "13px", color: "#6b7280" }}>
        Download link: <Link href={p.downloadUrl}>{p.downloadUrl}</Link>
      </Text>
      <Text style={{ fontSize: "13px", color: "#6b7280" }}>
        You need to be signed in, and to still have access to this data, to download it. After {p.expires} the file is deleted; you can resubmit the request
        from the portal.
      </Text>
    </EmailLayout>
  );
}
