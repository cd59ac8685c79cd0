// A wasi:http handler that fetches the URL given in its `url` query
// parameter and answers with what came back, or with the error it got:
// the outbound half of wasi:http, exercised through JavaScript's fetch.
addEventListener('fetch', (event) => event.respondWith(handle(event.request)));

async function handle(request) {
  const target = new URL(request.url).searchParams.get('url');
  try {
    const response = await fetch(target);
    const body = await response.text();
    return new Response(`fetched ${response.status}: ${body}`, { status: 200 });
  } catch (error) {
    return new Response(`fetch failed: ${error}`, { status: 502 });
  }
}
