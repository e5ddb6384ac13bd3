/** Entry point of the demo helpdesk. */
import { render } from 'preact';
import { App } from './app.tsx';
import { createSeedTickets } from './tickets.ts';
// ProseMirror's required base styles (white-space handling, selection), then ours.
import 'prosemirror-view/style/prosemirror.css';
import './style.css';

const root = document.getElementById('app');
if (!root) throw new Error('demo/index.html has no #app element to mount the helpdesk in');
render(<App initialTickets={createSeedTickets()} />, root);
