import { Button, Heading, Link, Text } from "@react-email/components";
import { EmailLayout, buttonStyle } from "./layout";

export interface ExportFailedEmailProps {
  realmLabel: string;
  scopeLabel: string;
  /** The range in words, as the ready email shows it. */
  dates: string;
  formatLabel: string;
  reason: string;
  resubmitUrl: string;
}

export function ExportFailedEmail(p: ExportFailedEmailProps) {
  return (
    <EmailLayout preview={`Your ${p.realmLabel} export failed`}>
      <Heading as="h1" style={{ fontSize: "20px" }}>
        Your export failed
      </Heading>
      <Text>
        The {p.formatLabel} export of {p.realmLabel} ({p.scopeLabel}, {p.dates}) could not be completed.
      </Text>
      <Text style={{ backgroundColor: "#fef2f2", padding: "12px", borderRadius: "6px", color: "#991b1b" }}>{p.reason}</Text>
      <Button href={p.resubmitUrl} style={buttonStyle}>
        Open the export to resubmit
      </Button>
      <Text style={{ fontSize: "13px", color: "#6b7280" }}>
        Link: <Link href={p.resubmitUrl}>{p.resubmitUrl}</Link>
      </Text>
    </EmailLayout>
  );
}
