// The admin token of the browser twin. The agent prints the admin UI's address
// with the token in the URL fragment (browsers never send fragments to the
// server); the page moves it to sessionStorage and removes it from the address
// bar at once. It is never logged and never put in a query string.
const KEY = 'millwright.admin-token';

export function takeAdminToken(): string | null {
  const hash = window.location.hash.replace(/^#/, '');
  const fromFragment = new URLSearchParams(hash).get('token');
  if (fromFragment) {
    // Stored and taken out of the address bar once this script's synchronous
    // work is done (still before anything else can run): the first screen's
    // requests are sent first, since the first storage access of a page is slow.
    queueMicrotask(() => {
      try { sessionStorage.setItem(KEY, fromFragment); } catch { /* storage disabled: keep it in memory only */ }
      window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
    });
    return fromFragment;
  }
  try { return sessionStorage.getItem(KEY); } catch { return null; }
}

export function forgetAdminToken(): void {
  try { sessionStorage.removeItem(KEY); } catch { /* nothing stored */ }
}
