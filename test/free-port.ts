export { freePort } from "@portal/inngest-engine/free-port";
