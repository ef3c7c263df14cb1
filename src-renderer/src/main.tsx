// Placeholder renderer until the admin UI lands: proves the bridge end to end.
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';

type Count = { state: 'loading' } | { state: 'ready'; count: number } | { state: 'error'; message: string };

function ConnectionCount() {
  const [count, setCount] = useState<Count>({ state: 'loading' });
  useEffect(() => {
    const bridge = window.millwright;
    if (!bridge) return;
    let live = true;
    const load = () => {
      bridge.admin.listConnections({}).then(
        (result) => {
          if (!live) return;
          setCount(result.ok ? { state: 'ready', count: result.value.data.length } : { state: 'error', message: result.error.message });
        },
        (err: unknown) => { if (live) setCount({ state: 'error', message: String(err) }); },
      );
    };
    load();
    const unsubscribe = bridge.onEvent((event) => {
      if (event.type === 'connection.created' || event.type === 'connection.deleted') load();
    });
    return () => { live = false; unsubscribe(); };
  }, []);

  if (count.state === 'loading') return <p>Loading connections…</p>;
  if (count.state === 'error') return <p role="alert">Could not load connections: {count.message}</p>;
  return <p>{count.count === 1 ? '1 connection' : `${count.count} connections`}</p>;
}

function App() {
  return (
    <main style={{ font: '15px/1.5 system-ui, sans-serif', margin: '4rem auto', maxWidth: '40rem', color: '#1f2937' }}>
      <h1>Millwright</h1>
      <p>The admin UI arrives soon.</p>
      {window.millwright ? <ConnectionCount /> : null}
    </main>
  );
}

const root = document.getElementById('root');
if (!root) throw new Error('missing #root');
createRoot(root).render(<StrictMode><App /></StrictMode>);
