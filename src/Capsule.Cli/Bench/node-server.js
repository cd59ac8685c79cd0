// Serves a fetch-event handler (the shape componentize-js takes, e.g. examples/hello-js/handler.js)
// on Node's http module, so that Node runs the same JavaScript as the Wasm component.
// Usage: node node-server.js PORT HANDLER.js
const http = require('http');
let handler;
globalThis.addEventListener = (type, listener) => { if (type === 'fetch') handler = listener; };
require(process.argv[3]);
http.createServer(async (req, res) => {
  let responded;
  const request = new Request(`http://${req.headers.host ?? '127.0.0.1'}${req.url}`, { method: req.method, headers: req.headers });
  handler({ request, respondWith: (r) => { responded = r; } });
  const response = await responded;
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
}).listen(+process.argv[2], '127.0.0.1');
