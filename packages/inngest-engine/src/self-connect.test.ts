import net from "node:net";
import { describe, expect, it } from "vitest";
import { freePort } from "./free-port";
import { selfRefusingStream } from "./self-connect";

describe("the engine's worker connections refuse to reach themselves", () => {
  it("a node-postgres stream that connected to itself is destroyed with the reason, and the port is free again", async () => {
    const port = await freePort();
    const socket = selfRefusingStream();
    const error = await new Promise<Error>((resolve) => {
      socket.once("error", resolve);
      // node-postgres connects the stream itself; binding the local port forces the kernel's self-connect.
      socket.connect({ host: "127.0.0.1", port, localPort: port });
    });
    expect(error.message).toMatch(/reached itself/);
    expect(socket.destroyed).toBe(true);
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => server.once("error", reject).listen(port, "127.0.0.1", () => resolve()));
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("a stream to a listening server connects as usual", async () => {
    const server = net.createServer((s) => s.end());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    const { port } = server.address() as net.AddressInfo;
    const socket = selfRefusingStream();
    await new Promise<void>((resolve, reject) =>
      socket
        .once("connect", () => resolve())
        .once("error", reject)
        .connect(port, "127.0.0.1"),
    );
    expect(socket.destroyed).toBe(false);
    socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
});
