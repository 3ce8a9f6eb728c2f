import { Button, Heading, Link, Text } from "@react-email/components";
import { EmailLayout, buttonStyle } from "./layout";

export interface SignInEmailProps {
  url: string;
  host: string;
  expiresInMinutes: number;
}

export function SignInEmail({ url, host, expiresInMinutes }: SignInEmailProps) {
  return (
    <EmailLayout preview={`Sign in to ${host}`}>
      <Heading as="h1" style={{ fontSize: "20px" }}>
        Sign in to the Data Export Portal
      </Heading>
      <Text>Click the button to sign in. The link works once and expires in {expiresInMinutes} minutes.</Text>
      <Button href={url} style={buttonStyle}>
        Sign in
      </Button>
      <Text style={{ fontSize: "13px", color: "#6b7280" }}>
        Or paste this link into your browser: <Link href={url}>{url}</Link>
      </Text>
      <Text style={{ fontSize: "13px", color: "#6b7280" }}>If you did not ask to sign in, you can ignore this email.</Text>
    </EmailLayout>
  );
}
