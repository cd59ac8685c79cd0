// A wasi:http handler built with componentize-js: answers every request
// with a greeting that names the method and path it saw.
addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  event.respondWith(new Response(`hello from js: ${event.request.method} ${url.pathname}\n`, {
    status: 200,
    headers: { 'content-type': 'text/plain', 'x-guest': 'componentize-js' },
  }));
});
