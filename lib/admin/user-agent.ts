import Bowser from "bowser";

/**
 * A User-Agent header as a person reads it: "Chrome 131 on Linux", "Safari 17.5 on iOS 17.5". Clients
 * Bowser does not know (curl, scripts using the API) keep their first product token, "curl 8.5.0".
 */
export function userAgentSummary(raw: string | null | undefined): string | null {
  const ua = raw?.trim();
  if (!ua) return null;
  const { browser, os } = Bowser.parse(ua);
  if (browser.name) {
    const version = major(browser.version);
    const system = os.name ? ` on ${[os.name, os.versionName ?? (os.name !== "Linux" ? major(os.version) : "")].filter(Boolean).join(" ")}` : "";
    return `${browser.name}${version ? ` ${version}` : ""}${system}`;
  }
  const product = /^([A-Za-z][\w.-]*)(?:\/(\S+))?/.exec(ua);
  if (!product) return ua.slice(0, 60);
  return product[2] ? `${product[1]} ${product[2]}` : product[1];
}

/** "131.0.0.0" reads as "131"; "17.5" keeps its minor, which is how Safari and iOS are named. */
function major(version: string | undefined): string {
  if (!version) return "";
  const kept = version.split(".").slice(0, 2);
  while (kept.length > 1 && /^0+$/.test(kept[kept.length - 1])) kept.pop();
  return kept.join(".");
}
