// The lint toolchain, imported by the root eslint.config.mjs. It lives in its own workspace because
// typescript-eslint needs the classic TypeScript compiler API (typescript < 6.1), while the portal
// type-checks with typescript 7 (the native compiler, which ships no such API): npm installs
// typescript 6 here, beside typescript-eslint, and leaves the root's typescript 7 alone.
export { default as tseslint } from "typescript-eslint";
export { default as reactHooks } from "eslint-plugin-react-hooks";
export { default as nextPlugin } from "@next/eslint-plugin-next";
export { default as boundaries } from "./boundaries.mjs";
