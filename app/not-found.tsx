import type { Metadata } from "next";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";

export const metadata: Metadata = { title: "Not found" };

/** Anything that does not exist, or that the person may not see: the same answer for both. */
export default function NotFound() {
  return (
    <main className="px-4">
      <Card className="mx-auto mt-16 max-w-xl">
        <CardHeader>
          <CardTitle as="h1">Not found</CardTitle>
        </CardHeader>
        <CardContent className="flex flex-col gap-3 text-sm">
          <p>
            There is nothing here, or nothing you have access to. An export that was deleted is gone for good; ask its owner or an administrator if you expected
            to see it.
          </p>
          <Button asChild variant="outline" className="self-start">
            <Link href="/exports">Go to your exports</Link>
          </Button>
        </CardContent>
      </Card>
    </main>
  );
}
