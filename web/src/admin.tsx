/** The owner console (/admin): Preact + signals, uPlot charts, the typed API client. */
import { render } from 'preact';
import 'uplot/dist/uPlot.min.css';
import './admin/admin.css';
import { App } from './admin/app';

const root = document.getElementById('app')!;
root.textContent = ''; // the static "Loading…" line
render(<App />, root);
