/**
 * A bench's own calls to the Chromium host, made from inside the page (same origin, the session token the bench
 * set with FIELDSCOPE_HOST_TOKEN): resolves to the call's value, throws with the backend's words.
 */
export function pageRpc(page, token) {
  return (name, input) =>
    page.evaluate(
      async ([n, i, tk]) => {
        const r = await fetch('/rpc', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${tk}` },
          body: JSON.stringify({ name: n, input: i }),
        });
        const j = await r.json();
        if (!j.ok) throw new Error(`${n}: ${j.error.message}`);
        return j.value;
      },
      [name, input, token],
    );
}
