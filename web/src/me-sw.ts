/**
 * The member page's service worker (served at /me-sw.js, scope /me): keeps the
 * page, its script, stylesheet, manifest and icons, so that /me opens without a
 * network and shows the card and the last known balance (which me.ts keeps in
 * localStorage). Network first: online, the member always gets the current page.
 * API calls are not cached here.
 */
interface ExtendableEvent extends Event {
  waitUntil(p: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  request: Request;
  respondWith(r: Promise<Response>): void;
}
interface WorkerScope {
  addEventListener(type: 'install' | 'activate', fn: (e: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', fn: (e: FetchEvent) => void): void;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  location: Location;
}

const sw = self as unknown as WorkerScope;
const CACHE = 'regulars-me-v1';
const SHELL = [
  '/me',
  '/assets/me.js',
  '/assets/styles.css',
  '/me.webmanifest',
  '/assets/icon-192.png',
  '/assets/icon-512.png',
];

sw.addEventListener('install', (e) => {
  e.waitUntil(
    caches
      .open(CACHE)
      .then((c) => c.addAll(SHELL))
      .then(() => sw.skipWaiting()),
  );
});

sw.addEventListener('activate', (e) => {
  e.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => sw.clients.claim()),
  );
});

sw.addEventListener('fetch', (e) => {
  const req = e.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== sw.location.origin) return;
  const key = req.mode === 'navigate' && url.pathname === '/me' ? '/me' : url.pathname;
  if (!SHELL.includes(key)) return;
  e.respondWith(
    fetch(req)
      .then(async (res) => {
        if (res.ok) await (await caches.open(CACHE)).put(key, res.clone());
        return res;
      })
      .catch(async () => {
        const hit = await caches.match(key);
        if (hit) return hit;
        throw new Error(`offline and ${key} is not cached`);
      }),
  );
});
