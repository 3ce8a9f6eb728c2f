export { freePort } from "../inngest/engine/free-port";
