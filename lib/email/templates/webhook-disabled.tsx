import { Button, Heading, Link, Text } from "@react-email/components";
import { EmailLayout, buttonStyle } from "./layout";

export interface WebhookDisabledEmailProps {
  url: string;
  reason: string;
  adminUrl: string;
}

export function WebhookDisabledEmail(p: WebhookDisabledEmailProps) {
  return (
    <EmailLayout preview="A webhook endpoint was disabled">
      <Heading as="h1" style={{ fontSize: "20px" }}>
        A webhook endpoint was disabled
      </Heading>
      <Text>The portal stopped sending webhooks to {p.url}.</Text>
      <Text style={{ backgroundColor: "#fef2f2", padding: "12px", borderRadius: "6px", color: "#991b1b" }}>{p.reason}</Text>
      <Text>Fix the receiver, then enable the endpoint again and redeliver what it missed from the delivery log.</Text>
      <Button href={p.adminUrl} style={buttonStyle}>
        Open Admin → Webhooks
      </Button>
      <Text style={{ fontSize: "13px", color: "#6b7280" }}>
        Link: <Link href={p.adminUrl}>{p.adminUrl}</Link>
      </Text>
    </EmailLayout>
  );
}
