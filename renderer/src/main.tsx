import { createRoot } from 'react-dom/client';
import { App } from './App';
import { api, call, onEventsReconnected, post } from './api/client';
import { addNotice, refreshConnections } from './state/app-store';
import { createInspectorStore, InspectorContext } from './state/inspector-store';
import './styles.css';

// The inspector view's store, created here (not a module singleton) and handed down through context.
const inspector = createInspectorStore({
  call,
  post,
  on: (name, listener) => api.on(name, listener),
  // requestAnimationFrame runs before the paint; the timeout after it runs once the frame is on screen.
  afterPaint: (fn) => requestAnimationFrame(() => setTimeout(fn, 0)),
  notifyError: (message) => addNotice('error', message),
  onSettled: () => void refreshConnections(),
  onReconnect: onEventsReconnected,
});

createRoot(document.getElementById('root')!).render(
  <InspectorContext.Provider value={inspector}>
    <App />
  </InspectorContext.Provider>,
);
