// Starts the MCP reference server ("everything", TypeScript SDK) in streamable-HTTP mode on
// loopback only: its own code listens on every interface (app.listen(PORT)), so the listen
// call is narrowed to 127.0.0.1 here. PORT=0 picks a free port; the port actually bound is
// printed on stderr as "PEER_LISTENING <port>" for tests/support/everything_server.py.
import net from "node:net";

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === "number" || typeof args[0] === "string") {
    const callback = args.find((arg) => typeof arg === "function");
    this.once("listening", () => {
      process.stderr.write(`PEER_LISTENING ${this.address().port}\n`);
    });
    return listen.call(this, Number(args[0]), "127.0.0.1", callback);
  }
  return listen.apply(this, args);
};

process.argv = [process.argv[0], "index.js", "streamableHttp"];
await import("./node_modules/@modelcontextprotocol/server-everything/dist/index.js");
