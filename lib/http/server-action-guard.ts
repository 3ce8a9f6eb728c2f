import { isAllowedOrigin, mediaType } from "./same-origin";

export interface Refusal {
  status: number;
  message: string;
}

/** The argument list React encodes as the root of a server action call: a JSON array. */
function isArgumentList(text: string | null): boolean {
  if (text === null) return false;
  try {
    return Array.isArray(JSON.parse(text));
  } catch {
    return false;
  }
}

/**
 * Why a server action call (a POST with a Next-Action header) is refused before Next sees it, or null.
 * Next answers a call from another origin, and a body it cannot decode, with 500 "Internal error"; these
 * are the caller's mistakes, so they get a 4xx here. Unknown and stale action ids Next already answers
 * with 400 and 409.
 */
export async function serverActionRefusal(request: Request, publicUrls: (string | undefined)[]): Promise<Refusal | null> {
  const origin = request.headers.get("origin");
  // Browsers send Origin with every server action call (a fetch POST). A call without one is refused like
  // one from another site: a signed-in write is accepted only when it names the portal as its origin.
  const sameOrigin = request.headers.get("sec-fetch-site") === "same-origin" || (origin !== null && isAllowedOrigin(request, origin, publicUrls));
  if (!sameOrigin) {
    return { status: 403, message: "This form was sent from another site, so it was refused. Open the portal and try again there." };
  }
  const type = mediaType(request.headers.get("content-type"));
  let root: string | null = null;
  if (type === "multipart/form-data") {
    const form = await request.formData().catch(() => null);
    const value = form?.get("0");
    root = typeof value === "string" ? value : null;
  } else if (type === null || type === "text/plain") {
    root = await request.text().catch(() => null);
  } else {
    // Next refuses other encodings itself (404 for url-encoded calls); nothing to add.
    return null;
  }
  if (!isArgumentList(root)) {
    return { status: 400, message: "This form could not be read. Reload the page and try again." };
  }
  return null;
}
