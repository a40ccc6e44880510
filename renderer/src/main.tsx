import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import './styles/theme.css';
import './styles/editor.css';
import './styles/canvas.css';
import './styles/panels.css';
import './styles/screens.css';
import { ApiClient } from './api/client.ts';
import { findConnection } from './api/connection.ts';
import { setStudioClient } from './api/studio-client.ts';
import { App } from './app.tsx';

const root = createRoot(document.getElementById('root')!);
const connection = findConnection(window.location, window.sessionStorage);

if (!connection) {
  root.render(
    <main className="start-screen">
      <h1>No studio token</h1>
      <p className="muted">
        Open the address that `pipewright studio` printed; it ends with #token=… and lets this page
        talk to the studio on your machine.
      </p>
    </main>,
  );
} else {
  setStudioClient(new ApiClient(connection));
  root.render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
